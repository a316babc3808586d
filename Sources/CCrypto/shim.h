// OpenSSL's libcrypto from Debian (libssl-dev): SHA-256 and HMAC, one shot each.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
