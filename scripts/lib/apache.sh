# A complete private Apache (Debian's apache2, prefork MPM) for LevelPress on
# a loopback port, the way a shared host runs it: an .htaccess from
# scripts/apache/ in the document root sends pages to levelpress.cgi (plain
# CGI, with mod_cgi or mod_cgid) or levelpress.fcgi (mod_fcgid) and lets
# Apache serve theme/ and media/.
#
# Usage: write_apache_conf PREFIX PORT DOCROOT MODE [EXTRA]
#   PREFIX   folder for apache2.conf, the pid file, logs, mutexes, the
#            scoreboard and mod_fcgid's sockets (created);
#   PORT     Apache listens on 127.0.0.1:PORT;
#   DOCROOT  the web root; the caller puts levelpress.cgi or levelpress.fcgi,
#            levelpress.conf, theme/ and media/ there, this copies
#            scripts/apache/htaccess-MODE to DOCROOT/.htaccess (htaccess-cgi
#            for cgid);
#   MODE     "cgi" (mod_cgi: each Apache child forks the CGI itself),
#            "cgid" (mod_cgid: a small daemon forks it; the same .htaccess)
#            or "fcgid";
#   EXTRA    more server-level config text (a benchmark's static Alias, say).
# Start:  apache2 -d PREFIX -f PREFIX/apache2.conf -DFOREGROUND
# Stop:   kill -WINCH (graceful stop) or -TERM "$(cat PREFIX/apache2.pid)"
# As root the children run as www-data: the caller makes DOCROOT and the
# folders above it reachable, and the store writable, for www-data.
write_apache_conf() {
  local prefix=$1 port=$2 docroot=$3 mode=$4 extra=${5:-}
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  local modules=/usr/lib/apache2/modules
  case $mode in
    cgi|cgid|fcgid) ;;
    *) echo "write_apache_conf: MODE must be cgi, cgid or fcgid, not '$mode'" >&2; return 2 ;;
  esac
  if [[ ! -f $modules/mod_mpm_prefork.so ]]; then
    echo "write_apache_conf: no Apache modules in $modules (apt-get install apache2)" >&2
    return 1
  fi
  if [[ $mode == fcgid && ! -f $modules/mod_fcgid.so ]]; then
    echo "write_apache_conf: no $modules/mod_fcgid.so (apt-get install libapache2-mod-fcgid)" >&2
    return 1
  fi
  mkdir -p "$prefix/run" "$prefix/logs"
  local htaccess=$mode
  [[ $mode == cgid ]] && htaccess=cgi
  cp "$root/scripts/apache/htaccess-$htaccess" "$docroot/.htaccess"

  local user_lines=""
  # Root's children run as www-data, as on a real server.
  [[ $(id -u) -eq 0 ]] && user_lines=$'User www-data\nGroup www-data'
  local handler_module="LoadModule cgi_module $modules/mod_cgi.so"
  if [[ $mode == cgid ]]; then
    # The daemon's socket; Apache creates it before it drops privileges.
    handler_module="LoadModule cgid_module $modules/mod_cgid.so
ScriptSock \"$prefix/run/cgid.sock\""
  fi
  local fcgid_lines=""
  if [[ $mode == fcgid ]]; then
    mkdir -p "$prefix/fcgid"
    [[ $(id -u) -eq 0 ]] && chown www-data:www-data "$prefix/fcgid"
    handler_module="LoadModule fcgid_module $modules/mod_fcgid.so"
    # The shipped mod_fcgid settings (one process per store), plus where its
    # sockets and process table go.
    fcgid_lines="FcgidIPCDir \"$prefix/fcgid\"
FcgidProcessTableFile \"$prefix/run/fcgid_shm\"
Include \"$root/scripts/apache/fcgid.conf\""
  fi

  cat > "$prefix/apache2.conf" <<EOF
# Written by scripts/lib/apache.sh for LevelPress ($mode). Private: loopback
# only, everything under $prefix.
ServerRoot "$prefix"
ServerName localhost
Listen 127.0.0.1:$port
PidFile "$prefix/apache2.pid"
ErrorLog "$prefix/logs/error.log"
LogLevel warn
DefaultRuntimeDir "$prefix/run"
Mutex file:$prefix/run default
ScoreBoardFile "$prefix/run/scoreboard"

LoadModule mpm_prefork_module $modules/mod_mpm_prefork.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule mime_module $modules/mod_mime.so
LoadModule dir_module $modules/mod_dir.so
LoadModule alias_module $modules/mod_alias.so
LoadModule env_module $modules/mod_env.so
LoadModule rewrite_module $modules/mod_rewrite.so
LoadModule headers_module $modules/mod_headers.so
$handler_module

$user_lines

# prefork: one connection per child; enough children waiting for a burst.
StartServers 8
MinSpareServers 8
MaxSpareServers 32
ServerLimit 64
MaxRequestWorkers 64
MaxConnectionsPerChild 0
Timeout 60
# A graceful stop (SIGWINCH) waits at most this long for requests in flight.
GracefulShutdownTimeout 10
KeepAlive On
KeepAliveTimeout 5
HostnameLookups Off
ServerTokens Prod
ServerSignature Off
TraceEnable Off

TypesConfig /etc/mime.types
AddDefaultCharset Off
LogFormat "%h %t \"%r\" %>s %B %D" timing
CustomLog "$prefix/logs/access.log" timing

<Directory />
  Options None
  AllowOverride None
  Require all denied
</Directory>
DocumentRoot "$docroot"
<Directory "$docroot">
  Options None
  AllowOverride All
  Require all granted
</Directory>
<Files ".ht*">
  Require all denied
</Files>

$fcgid_lines

$extra
EOF
}
