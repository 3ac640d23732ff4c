#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
/* Debian's OpenSSL 3 libcrypto (package libssl-dev), for the Ciphers module only.
   Only the EVP, KDF, random and constant-time interfaces are used; nothing here
   implements a cipher. */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>
#endif
