#include "slug.h"

#include <cctype>
#include <filesystem>

namespace levelpress {
namespace {

// After a cut: drops a UTF-8 character cut in the middle, then a trailing
// '-'.
void DropCutEnd(std::string* out) {
  size_t lead = out->size();
  while (lead > 0 &&
         (static_cast<unsigned char>((*out)[lead - 1]) & 0xc0) == 0x80) {
    --lead;
  }
  if (lead > 0 && static_cast<unsigned char>((*out)[lead - 1]) >= 0xc0) {
    unsigned char c = static_cast<unsigned char>((*out)[lead - 1]);
    size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (out->size() - (lead - 1) < need) out->resize(lead - 1);
  }
  while (!out->empty() && out->back() == '-') out->pop_back();
}

}  // namespace

std::string Slugify(std::string_view text) {
  std::string out;
  bool pending_dash = false;
  bool cut = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::string piece;
    if (std::isalnum(c)) {
      piece = static_cast<char>(std::tolower(c));
    } else if (c >= 0x80) {
      piece = static_cast<char>(c);
    } else if (c == '+') {
      piece = "p";
    } else if (c == '#') {
      piece = "sharp";
    } else if (c == '\'') {
      continue;  // "Don't" -> "dont", "Let's Encrypt" -> "lets-encrypt"
    } else {
      pending_dash = !out.empty();
      continue;
    }
    if (out.size() + pending_dash + piece.size() > kMaxSlugBytes) {
      cut = true;
      break;
    }
    if (pending_dash) out.push_back('-');
    pending_dash = false;
    out += piece;
  }
  if (cut) DropCutEnd(&out);
  return out;
}

std::string SlugWithSuffix(std::string_view slug, std::string_view suffix) {
  const size_t room = kMaxSlugBytes - 1 - suffix.size();
  std::string out(slug.substr(0, room));
  if (out.size() < slug.size()) DropCutEnd(&out);
  return out + "-" + std::string(suffix);
}

bool IsValidSlug(std::string_view text) {
  return !text.empty() && Slugify(text) == text;
}

std::string SlugFromPath(std::string_view relative_path,
                         std::string* date_prefix) {
  std::filesystem::path p{std::string(relative_path)};
  std::string stem = p.stem().string();
  if (stem == "index" || stem == "_index") {
    stem = p.parent_path().filename().string();
  }
  date_prefix->clear();
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (i >= stem.size() ||
          !std::isdigit(static_cast<unsigned char>(stem[i])))
        return false;
    }
    return true;
  };
  if (stem.size() > 11 && digits(0, 4) && stem[4] == '-' && digits(5, 2) &&
      stem[7] == '-' && digits(8, 2) && stem[10] == '-') {
    *date_prefix = stem.substr(0, 10);
    stem = stem.substr(11);
  }
  return Slugify(stem);
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace levelpress
