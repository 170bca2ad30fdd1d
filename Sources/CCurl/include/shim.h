// libcurl for Swift: typed wrappers around its variadic entry points (which Swift cannot call
// directly; each fixes the argument type libcurl expects for that family of options), and every
// other entry point ftctl uses, all calling into a libcurl opened on first use (shim.c).
// curl.h is used for its types and constants only: nothing here links against libcurl.
#ifndef FTCTL_CCURL_SHIM_H
#define FTCTL_CCURL_SHIM_H

#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*ftcurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ftcurl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                  curl_off_t ultotal, curl_off_t ulnow);
typedef int (*ftcurl_seek_cb)(void *userdata, curl_off_t offset, int origin);

/// Opens libcurl and binds the entry points below, once per process (thread-safe). NULL when it
/// worked, else why not; no other function here may be called until it has returned NULL.
const char *ftcurl_load(void);

CURLcode ftcurl_global_init(long flags);
char *ftcurl_version(void);
const char *ftcurl_easy_strerror(CURLcode code);
CURL *ftcurl_easy_init(void);
void ftcurl_easy_cleanup(CURL *h);
CURLM *ftcurl_multi_init(void);
CURLMcode ftcurl_multi_add_handle(CURLM *m, CURL *h);
CURLMcode ftcurl_multi_remove_handle(CURLM *m, CURL *h);
CURLMcode ftcurl_multi_perform(CURLM *m, int *running);
CURLMcode ftcurl_multi_poll(CURLM *m, struct curl_waitfd *fds, unsigned int nfds, int timeout_ms, int *ret);
CURLMcode ftcurl_multi_wakeup(CURLM *m);
CURLMsg *ftcurl_multi_info_read(CURLM *m, int *left);
struct curl_slist *ftcurl_slist_append(struct curl_slist *list, const char *s);
void ftcurl_slist_free_all(struct curl_slist *list);

CURLcode ftcurl_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ftcurl_setopt_off(CURL *h, CURLoption o, curl_off_t v);
CURLcode ftcurl_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode ftcurl_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode ftcurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode ftcurl_setopt_data_cb(CURL *h, CURLoption o, ftcurl_data_cb v);
CURLcode ftcurl_setopt_xferinfo_cb(CURL *h, ftcurl_xferinfo_cb v);
CURLcode ftcurl_setopt_seek_cb(CURL *h, ftcurl_seek_cb v);

CURLcode ftcurl_getinfo_long(CURL *h, CURLINFO i, long *v);
CURLcode ftcurl_getinfo_pointer(CURL *h, CURLINFO i, void **v);
CURLcode ftcurl_getinfo_string(CURL *h, CURLINFO i, char **v);

CURLMcode ftcurl_multi_setopt_long(CURLM *m, CURLMoption o, long v);

// The option and info constants, re-exported as plain values: some are macros Swift does not import.
static const CURLoption FTCURLOPT_URL = CURLOPT_URL;
static const CURLoption FTCURLOPT_PRIVATE = CURLOPT_PRIVATE;
static const CURLoption FTCURLOPT_HTTPHEADER = CURLOPT_HTTPHEADER;
static const CURLoption FTCURLOPT_CUSTOMREQUEST = CURLOPT_CUSTOMREQUEST;
static const CURLoption FTCURLOPT_HTTPGET = CURLOPT_HTTPGET;
static const CURLoption FTCURLOPT_NOBODY = CURLOPT_NOBODY;
static const CURLoption FTCURLOPT_POST = CURLOPT_POST;
static const CURLoption FTCURLOPT_POSTFIELDSIZE_LARGE = CURLOPT_POSTFIELDSIZE_LARGE;
static const CURLoption FTCURLOPT_READFUNCTION = CURLOPT_READFUNCTION;
static const CURLoption FTCURLOPT_READDATA = CURLOPT_READDATA;
static const CURLoption FTCURLOPT_WRITEFUNCTION = CURLOPT_WRITEFUNCTION;
static const CURLoption FTCURLOPT_WRITEDATA = CURLOPT_WRITEDATA;
static const CURLoption FTCURLOPT_HEADERFUNCTION = CURLOPT_HEADERFUNCTION;
static const CURLoption FTCURLOPT_HEADERDATA = CURLOPT_HEADERDATA;
static const CURLoption FTCURLOPT_XFERINFODATA = CURLOPT_XFERINFODATA;
static const CURLoption FTCURLOPT_SEEKDATA = CURLOPT_SEEKDATA;
static const CURLoption FTCURLOPT_NOPROGRESS = CURLOPT_NOPROGRESS;
static const CURLoption FTCURLOPT_NOSIGNAL = CURLOPT_NOSIGNAL;
static const CURLoption FTCURLOPT_CONNECTTIMEOUT_MS = CURLOPT_CONNECTTIMEOUT_MS;
static const CURLoption FTCURLOPT_TIMEOUT_MS = CURLOPT_TIMEOUT_MS;
static const CURLoption FTCURLOPT_LOW_SPEED_LIMIT = CURLOPT_LOW_SPEED_LIMIT;
static const CURLoption FTCURLOPT_LOW_SPEED_TIME = CURLOPT_LOW_SPEED_TIME;
static const CURLoption FTCURLOPT_FOLLOWLOCATION = CURLOPT_FOLLOWLOCATION;
static const CURLoption FTCURLOPT_MAXREDIRS = CURLOPT_MAXREDIRS;
static const CURLoption FTCURLOPT_SSL_VERIFYPEER = CURLOPT_SSL_VERIFYPEER;
static const CURLoption FTCURLOPT_SSL_VERIFYHOST = CURLOPT_SSL_VERIFYHOST;
static const CURLoption FTCURLOPT_CAINFO = CURLOPT_CAINFO;
static const CURLoption FTCURLOPT_ACCEPT_ENCODING = CURLOPT_ACCEPT_ENCODING;
static const CURLoption FTCURLOPT_ERRORBUFFER = CURLOPT_ERRORBUFFER;
static const CURLoption FTCURLOPT_TCP_KEEPALIVE = CURLOPT_TCP_KEEPALIVE;
static const CURLoption FTCURLOPT_BUFFERSIZE = CURLOPT_BUFFERSIZE;
static const CURLoption FTCURLOPT_UPLOAD_BUFFERSIZE = CURLOPT_UPLOAD_BUFFERSIZE;

static const CURLMoption FTCURLMOPT_MAXCONNECTS = CURLMOPT_MAXCONNECTS;

static const CURLINFO FTCURLINFO_RESPONSE_CODE = CURLINFO_RESPONSE_CODE;
static const CURLINFO FTCURLINFO_PRIVATE = CURLINFO_PRIVATE;
static const CURLINFO FTCURLINFO_EFFECTIVE_URL = CURLINFO_EFFECTIVE_URL;
static const CURLINFO FTCURLINFO_NUM_CONNECTS = CURLINFO_NUM_CONNECTS;

static const long FTCURL_READFUNC_ABORT = CURL_READFUNC_ABORT;
static const int FTCURL_SEEKFUNC_OK = CURL_SEEKFUNC_OK;
static const int FTCURL_SEEKFUNC_CANTSEEK = CURL_SEEKFUNC_CANTSEEK;
static const long FTCURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;

#endif
