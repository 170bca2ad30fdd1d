// libcurl opened on first use (dlopen), not linked: its 30 dependencies (OpenSSL, GnuTLS, Kerberos,
// LDAP...) cost every process about 6 MiB and 450 page faults at start-up, and commands that never
// touch the network (--version, --help, validate, estimate, config) should not pay that
// (Docs/BENCH.md). Each entry point ftctl uses is looked up once; the wrappers below call through it.
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#if defined(__APPLE__)
static const char *const library_names[] = {"libcurl.4.dylib", "/usr/lib/libcurl.4.dylib"};
#else
static const char *const library_names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
#endif

static struct {
    CURLcode (*global_init)(long);
    char *(*version)(void);
    const char *(*easy_strerror)(CURLcode);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_failure[512];

static int bind_symbol(void *library, const char *name, void **slot) {
    *slot = dlsym(library, name);
    if (*slot == NULL) {
        snprintf(load_failure, sizeof load_failure, "libcurl has no %s (too old a libcurl: 7.68 or later is needed)", name);
        return 0;
    }
    return 1;
}

static void load(void) {
    void *library = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof library_names[0] && library == NULL; i++) {
        // Lazy, as curl itself runs: the libraries built without BIND_NOW (Kerberos, nghttp2, zlib...)
        // bind a function when it is first called, not 1,800 of them at every load (-2.7 million
        // instructions a start, Docs/BENCH.md). libcurl and OpenSSL bind at load either way.
        library = dlopen(library_names[i], RTLD_LAZY | RTLD_LOCAL);
        // The first name's reason is the one to show: the others are fallbacks.
        const char *why = library == NULL ? dlerror() : NULL;
        if (i == 0 && why != NULL) snprintf(load_failure, sizeof load_failure, "libcurl cannot be loaded: %s", why);
    }
    if (library == NULL) {
        if (load_failure[0] == 0) snprintf(load_failure, sizeof load_failure, "libcurl cannot be loaded: %s", library_names[0]);
        return;
    }
    load_failure[0] = 0;
#define BIND(field, name) if (!bind_symbol(library, name, (void **)&api.field)) return;
    BIND(global_init, "curl_global_init")
    BIND(version, "curl_version")
    BIND(easy_strerror, "curl_easy_strerror")
    BIND(easy_init, "curl_easy_init")
    BIND(easy_cleanup, "curl_easy_cleanup")
    BIND(easy_setopt, "curl_easy_setopt")
    BIND(easy_getinfo, "curl_easy_getinfo")
    BIND(multi_init, "curl_multi_init")
    BIND(multi_setopt, "curl_multi_setopt")
    BIND(multi_add_handle, "curl_multi_add_handle")
    BIND(multi_remove_handle, "curl_multi_remove_handle")
    BIND(multi_perform, "curl_multi_perform")
    BIND(multi_poll, "curl_multi_poll")
    BIND(multi_wakeup, "curl_multi_wakeup")
    BIND(multi_info_read, "curl_multi_info_read")
    BIND(slist_append, "curl_slist_append")
    BIND(slist_free_all, "curl_slist_free_all")
#undef BIND
}

const char *ftcurl_load(void) {
    pthread_once(&load_once, load);
    return load_failure[0] ? load_failure : NULL;
}

CURLcode ftcurl_global_init(long flags) { return api.global_init(flags); }
char *ftcurl_version(void) { return api.version(); }
const char *ftcurl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
CURL *ftcurl_easy_init(void) { return api.easy_init(); }
void ftcurl_easy_cleanup(CURL *h) { api.easy_cleanup(h); }
CURLM *ftcurl_multi_init(void) { return api.multi_init(); }
CURLMcode ftcurl_multi_add_handle(CURLM *m, CURL *h) { return api.multi_add_handle(m, h); }
CURLMcode ftcurl_multi_remove_handle(CURLM *m, CURL *h) { return api.multi_remove_handle(m, h); }
CURLMcode ftcurl_multi_perform(CURLM *m, int *running) { return api.multi_perform(m, running); }
CURLMcode ftcurl_multi_poll(CURLM *m, struct curl_waitfd *fds, unsigned int nfds, int timeout_ms, int *ret) {
    return api.multi_poll(m, fds, nfds, timeout_ms, ret);
}
CURLMcode ftcurl_multi_wakeup(CURLM *m) { return api.multi_wakeup(m); }
CURLMsg *ftcurl_multi_info_read(CURLM *m, int *left) { return api.multi_info_read(m, left); }
struct curl_slist *ftcurl_slist_append(struct curl_slist *list, const char *s) { return api.slist_append(list, s); }
void ftcurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode ftcurl_setopt_long(CURL *h, CURLoption o, long v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_string(CURL *h, CURLoption o, const char *v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_data_cb(CURL *h, CURLoption o, ftcurl_data_cb v) { return api.easy_setopt(h, o, v); }
CURLcode ftcurl_setopt_xferinfo_cb(CURL *h, ftcurl_xferinfo_cb v) { return api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v); }
CURLcode ftcurl_setopt_seek_cb(CURL *h, ftcurl_seek_cb v) { return api.easy_setopt(h, CURLOPT_SEEKFUNCTION, v); }

CURLcode ftcurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return api.easy_getinfo(h, i, v); }
CURLcode ftcurl_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return api.easy_getinfo(h, i, v); }
CURLcode ftcurl_getinfo_string(CURL *h, CURLINFO i, char **v) { return api.easy_getinfo(h, i, v); }

CURLMcode ftcurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return api.multi_setopt(m, o, v); }
