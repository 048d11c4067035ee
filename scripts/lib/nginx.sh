# Instantiates nginx/*.conf.in into a private nginx prefix.
# Usage: write_nginx_conf PREFIX LISTEN SOCKET MEDIA_DIR CACHE [EXTRA]
#   CACHE is "levelpress" (page cache on) or "off"; EXTRA is more http-block
#   text (a benchmark's baseline server, say).
write_nginx_conf() {
  local prefix=$1 listen=$2 socket=$3 media=$4 cache=$5 extra=${6:-}
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$prefix"/tmp "$prefix"/cache
  local user_line=""
  # Root's workers would run as nobody and could not read a private folder.
  [[ $(id -u) -eq 0 ]] && user_line="user root;"
  local subst=(
    -e "s|@LISTEN@|$listen|g" -e "s|@SERVER_NAME@|localhost|g"
    -e "s|@SOCKET@|$socket|g" -e "s|@THEME_DIR@|$root/templates/theme|g"
    -e "s|@MEDIA_DIR@|$media|g" -e "s|@CACHE@|$cache|g"
    -e "s|@NGINX_DIR@|$root/nginx|g" -e "s|@PREFIX@|$prefix|g"
    -e "s|@CACHE_DIR@|$prefix/cache|g" -e "s|@USER_LINE@|$user_line|g")
  sed "${subst[@]}" "$root/nginx/site.conf.in" > "$prefix/site.conf"
  sed "${subst[@]}" "$root/nginx/http.conf.in" > "$prefix/http.conf"
  sed "${subst[@]}" "$root/nginx/local.conf.in" | awk -v extra="$extra" '{ if ($0 == "@EXTRA@") print extra; else print }' > "$prefix/nginx.conf"
}
