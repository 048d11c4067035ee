/* The benchmark's FastCGI baseline: answers from memory, no work per request.
 *
 *   trivial DIR SOCKET THREADS
 *
 * Loads every file of DIR at start. Each file holds a whole CGI response
 * (the "Status:" and other header lines, a blank line, the body), as
 * levelpress sent it. A request for REQUEST_URI (query string dropped) is
 * answered with the file named like the path with every '/' made '_'
 * ("/" -> "_", "/page/500/" -> "_page_500_"); any other path gets a 404.
 * THREADS threads run the usual libfcgi FCGX_Accept_r loop.
 * Build: cc -O2 -o trivial trivial_responder.c -lfcgi -lpthread
 */
#include <dirent.h>
#include <fcgiapp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct page { char name[256]; char *data; size_t len; };
static struct page *pages;
static int npages;
static int listen_fd;
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static const char not_found[] =
    "Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnot found\n";

static void *worker(void *unused) {
  (void)unused;
  FCGX_Request req;
  FCGX_InitRequest(&req, listen_fd, 0);
  for (;;) {
    pthread_mutex_lock(&accept_lock);
    int rc = FCGX_Accept_r(&req);
    pthread_mutex_unlock(&accept_lock);
    if (rc < 0) break;
    const char *uri = FCGX_GetParam("REQUEST_URI", req.envp);
    char name[256];
    size_t i = 0;
    for (; uri && uri[i] && uri[i] != '?' && i + 1 < sizeof name; i++)
      name[i] = uri[i] == '/' ? '_' : uri[i];
    name[i] = 0;
    const struct page *p = NULL;
    for (int k = 0; k < npages; k++)
      if (strcmp(pages[k].name, name) == 0) { p = &pages[k]; break; }
    if (p) FCGX_PutStr(p->data, (int)p->len, req.out);
    else FCGX_PutStr(not_found, (int)sizeof not_found - 1, req.out);
    FCGX_Finish_r(&req);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: trivial DIR SOCKET THREADS\n"); return 2; }
  DIR *d = opendir(argv[1]);
  if (!d) { perror(argv[1]); return 1; }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof pages->name) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) { perror(path); return 1; }
    pages = realloc(pages, (npages + 1) * sizeof *pages);
    struct page *p = &pages[npages++];
    strcpy(p->name, e->d_name);
    p->len = (size_t)st.st_size;
    p->data = malloc(p->len ? p->len : 1);
    if (fread(p->data, 1, p->len, f) != p->len) { perror(path); return 1; }
    fclose(f);
  }
  closedir(d);
  if (FCGX_Init() != 0) { fprintf(stderr, "FCGX_Init failed\n"); return 1; }
  listen_fd = FCGX_OpenSocket(argv[2], 1024);
  if (listen_fd < 0) { perror(argv[2]); return 1; }
  chmod(argv[2], 0666);
  int n = atoi(argv[3]);
  if (n < 1) n = 1;
  pthread_t *t = calloc((size_t)n, sizeof *t);
  for (int k = 0; k < n; k++) pthread_create(&t[k], NULL, worker, NULL);
  for (int k = 0; k < n; k++) pthread_join(t[k], NULL);
  return 0;
}
