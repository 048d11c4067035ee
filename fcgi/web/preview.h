// Preview URLs: a secret address under which a draft or scheduled post
// renders as it will look, for reviewers. `levelpress preview SLUG` prints
// one; it works until its expiry, or until `preview --revoke-all` replaces
// the key. The key (32 random bytes) is kept in the store (m:preview-key),
// so it travels with backups and every process serving the store agrees.
//
// The URL is /_preview/<slug>/<token>/ with token = <expiry>-<mac>: the
// expiry in Unix seconds, and the first 16 bytes of
// HMAC-SHA256(key, "levelpress-preview\0" slug "\0" expiry), base64url.
// A wrong, expired or revoked token is the blog's ordinary 404.
#pragma once

#include <cstdint>
#include <string>

#include "status.h"

namespace levelpress {

inline constexpr char kPreviewKeyName[] = "preview-key";
inline constexpr char kPreviewRoute[] = "/_preview/:slug/:token/";

// A new random key.
Status NewPreviewKey(std::string* key);
// The path of a preview of slug that works until expires.
std::string PreviewPath(const std::string& key, const std::string& slug,
                        int64_t expires);
// Whether token is a preview token of slug under key, unexpired at now.
bool CheckPreviewToken(const std::string& key, const std::string& slug,
                       const std::string& token, int64_t now);

}  // namespace levelpress
