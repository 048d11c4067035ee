#include "preview.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>

namespace levelpress {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kMacBytes = 16;

std::string Base64Url(const unsigned char* data, size_t size) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t bits = 0;
  int have = 0;
  for (size_t i = 0; i < size; ++i) {
    bits = (bits << 8) | data[i];
    have += 8;
    while (have >= 6) {
      have -= 6;
      out.push_back(kAlphabet[(bits >> have) & 63]);
    }
  }
  if (have > 0) out.push_back(kAlphabet[(bits << (6 - have)) & 63]);
  return out;
}

std::string Mac(const std::string& key, const std::string& slug,
                int64_t expires) {
  std::string message = std::string("levelpress-preview") + '\0' + slug + '\0' +
                        std::to_string(expires);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), mac, &size) == nullptr ||
      size < kMacBytes) {
    return "";
  }
  return Base64Url(mac, kMacBytes);
}

}  // namespace

Status NewPreviewKey(std::string* key) {
  key->assign(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key->data()),
                 static_cast<int>(kKeyBytes)) != 1) {
    return Status::IOError("no random bytes for the preview key");
  }
  return Status::OK();
}

std::string PreviewPath(const std::string& key, const std::string& slug,
                        int64_t expires) {
  return "/_preview/" + slug + "/" + std::to_string(expires) + "-" +
         Mac(key, slug, expires) + "/";
}

bool CheckPreviewToken(const std::string& key, const std::string& slug,
                       const std::string& token, int64_t now) {
  if (key.size() != kKeyBytes) return false;
  size_t dash = token.find('-');
  if (dash == std::string::npos || dash == 0 || dash > 19) return false;
  int64_t expires = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dash, expires);
  if (ec != std::errc() || end != token.data() + dash || expires < now) {
    return false;
  }
  std::string want = Mac(key, slug, expires);
  std::string got = token.substr(dash + 1);
  return !want.empty() && got.size() == want.size() &&
         CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

}  // namespace levelpress
