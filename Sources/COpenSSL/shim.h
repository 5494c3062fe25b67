#pragma once
// OpenSSL for Chorus's Transport target. Function-like macros are invisible to
// Swift, so each one Chorus needs is wrapped here as `chorus_<NAME>` with the
// same parameters.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static inline long chorus_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long chorus_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}

static inline long chorus_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline size_t chorus_BIO_ctrl_pending(BIO *bio) {
    return BIO_ctrl_pending(bio);
}

static inline int chorus_ERR_GET_REASON(unsigned long error) {
    return ERR_GET_REASON(error);
}

static inline long chorus_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline int chorus_TLS1_3_VERSION(void) { return TLS1_3_VERSION; }

static inline long chorus_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline uint64_t chorus_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }

static inline int chorus_SSL_set_app_data(SSL *ssl, void *data) {
    return SSL_set_app_data(ssl, data);
}

static inline void *chorus_SSL_get_app_data(const SSL *ssl) {
    return SSL_get_app_data(ssl);
}

static inline long chorus_BIO_set_mem_eof_return(BIO *bio, long value) {
    return BIO_set_mem_eof_return(bio, value);
}

static inline void chorus_X509V3_set_ctx_nodb(X509V3_CTX *ctx) {
    X509V3_set_ctx_nodb(ctx);
}
