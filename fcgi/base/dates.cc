#include "dates.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

namespace levelpress {
namespace {

bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// HTTP dates are English whatever the blog's language (RFC 9110).
const char* const kShortMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kShortDays[] = {"Sun", "Mon", "Tue", "Wed",
                                  "Thu", "Fri", "Sat"};

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Status CheckTimeZone(const std::string& zone) {
  constexpr size_t kMaxBytes = 64;  // the longest tzdata name is ~32
  if (zone.empty()) {
    return Status::InvalidArgument(
        "the time zone is empty (use a name such as UTC or Europe/Berlin)");
  }
  if (zone.size() > kMaxBytes) {
    return Status::InvalidArgument(
        "the time zone is longer than " + std::to_string(kMaxBytes) +
        " characters; use a name from /usr/share/zoneinfo such as "
        "Europe/Berlin");
  }
  bool chars_ok = std::all_of(zone.begin(), zone.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
           c == '+';
  });
  if (!chars_ok || zone.front() == '/' || zone.back() == '/' ||
      zone.find("//") != std::string::npos) {
    return Status::InvalidArgument(
        "time zone '" + zone +
        "' is not a zone name (letters, digits, '_', '-', '+' and '/' "
        "between parts, e.g. Europe/Berlin)");
  }
  if (zone == "UTC") return Status::OK();
  // error_code overloads: a file system error is an answer, not an
  // exception (a zone of 5,000 characters used to abort the process).
  std::error_code ec;
  const std::string file = "/usr/share/zoneinfo/" + zone;
  // A zone file starts with "TZif"; zoneinfo also holds other files
  // (leapseconds, tzdata.zi), which glibc would silently take as UTC.
  char magic[4] = {};
  bool is_zone = false;
  if (std::filesystem::is_regular_file(file, ec)) {
    if (FILE* f = std::fopen(file.c_str(), "rb")) {
      is_zone =
          std::fread(magic, 1, 4, f) == 4 && std::memcmp(magic, "TZif", 4) == 0;
      std::fclose(f);
    }
  }
  if (!is_zone) {
    return Status::InvalidArgument(
        "unknown time zone '" + zone +
        "' (use a name from /usr/share/zoneinfo, e.g. Europe/Berlin, or UTC; "
        "install Debian's tzdata)");
  }
  return Status::OK();
}

Status SetTimeZone(const std::string& zone) {
  Status s = CheckTimeZone(zone);
  if (!s.ok()) return s;
  setenv("TZ", zone.c_str(), 1);
  tzset();
  return Status::OK();
}

// 9999-12-31T23:59:59Z.
constexpr int64_t kLastSecondOf9999 = 253402300799;

bool ParseDate(std::string_view s, int64_t* out, std::string* why) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  std::tm tm{};
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, 0, 4, &year) || s.size() < 10 || s[4] != '-' ||
      !ReadDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, &day)) {
    *why = "'" + std::string(s) +
           "' is not a date (expected YYYY-MM-DD or "
           "YYYY-MM-DDTHH:MM:SS with an optional offset like +02:00)";
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    *why = "'" + std::string(s) + "' is not a calendar date";
    return false;
  }
  size_t pos = 10;
  bool has_offset = false;
  int offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
      *why = "'" + std::string(s) + "' has text after the date";
      return false;
    }
    ++pos;
    if (!ReadDigits(s, pos, 2, &hour) || pos + 2 >= s.size() ||
        s[pos + 2] != ':' || !ReadDigits(s, pos + 3, 2, &minute)) {
      *why = "'" + std::string(s) + "' has no valid time (expected HH:MM)";
      return false;
    }
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!ReadDigits(s, pos + 1, 2, &second)) {
        *why = "'" + std::string(s) + "' has no valid seconds";
        return false;
      }
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {  // fractions are dropped
        ++pos;
        while (pos < s.size() &&
               std::isdigit(static_cast<unsigned char>(s[pos])))
          ++pos;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) {
      *why = "'" + std::string(s) + "' is not a valid time of day";
      return false;
    }
    if (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos < s.size()) {
      has_offset = true;
      if (s[pos] == 'Z' || s[pos] == 'z') {
        pos += 1;
      } else if (s[pos] == '+' || s[pos] == '-') {
        int sign = s[pos] == '-' ? -1 : 1, oh, om = 0;
        if (!ReadDigits(s, pos + 1, 2, &oh)) {
          *why = "'" + std::string(s) + "' has a malformed offset";
          return false;
        }
        pos += 3;
        bool colon = pos < s.size() && s[pos] == ':';
        if (colon) ++pos;
        if (pos < s.size() || colon) {
          if (!ReadDigits(s, pos, 2, &om)) {
            *why = "'" + std::string(s) + "' has a malformed offset";
            return false;
          }
          pos += 2;
        }
        if (oh > 23 || om > 59) {
          *why = "'" + std::string(s) + "' has an offset out of range";
          return false;
        }
        offset_seconds = sign * (oh * 3600 + om * 60);
      }
      if (pos != s.size()) {
        *why = "'" + std::string(s) + "' has unexpected text after the time";
        return false;
      }
    }
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  if (has_offset) {
    *out = static_cast<int64_t>(timegm(&tm)) - offset_seconds;
  } else {
    tm.tm_isdst = -1;  // the blog's zone decides
    *out = static_cast<int64_t>(mktime(&tm));
  }
  // An offset can carry 9999-12-31 into the year 10000, which the post's
  // URL and FormatIso8601 (export) would write with five digits, and which
  // this function then refuses.
  if (*out > kLastSecondOf9999 || ToLocalDate(*out).year > 9999) {
    *why = "'" + std::string(s) + "' is after the year 9999";
    return false;
  }
  return true;
}

LocalDate ToLocalDate(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string FormatIso8601(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  long off = tm.tm_gmtoff;
  if (off % 60 != 0) {
    // Local mean time before a zone's standard time (Berlin before 1893:
    // +00:53:28): an offset in whole minutes would move the time by its
    // seconds at each export and import, so such a time is written in UTC.
    gmtime_r(&tt, &tm);
    off = 0;
  }
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, sign, off / 3600, (off % 3600) / 60);
  return buf;
}

std::string FormatDateText(int64_t t, const std::string& language) {
  // The day in the blog's time zone, as everywhere else (ToLocalDate);
  // ICU only writes it, at noon UTC of that day in a UTC formatter, so
  // its own zone data cannot move a date across midnight.
  const LocalDate day = ToLocalDate(t);
  // A page shows the same few dates render after render: each thread keeps
  // the last text of each of 64 slots of days, for one language.
  struct Slot {
    int key = -1;
    std::string text;
  };
  thread_local std::string slots_language;
  thread_local Slot slots[64];
  const int key = (day.year * 13 + day.month) * 32 + day.day;
  if (slots_language != language) {
    for (Slot& slot : slots) slot.key = -1;
    slots_language = language;
  }
  Slot& slot = slots[static_cast<unsigned>(key) % 64];
  if (slot.key == key) return slot.text;
  std::tm noon{};
  noon.tm_year = day.year - 1900;
  noon.tm_mon = day.month - 1;
  noon.tm_mday = day.day;
  noon.tm_hour = 12;
  const double udate = static_cast<double>(timegm(&noon)) * 1000.0;
  // One formatter per thread (ICU's are not safe to share), made again
  // only when the language changes: creating one costs ~100x a format.
  thread_local std::string cached_language;
  thread_local std::unique_ptr<icu::DateFormat> format;
  if (format == nullptr || cached_language != language) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(language, status);
    if (U_FAILURE(status)) locale = icu::Locale::getRoot();
    format.reset(
        icu::DateFormat::createDateInstance(icu::DateFormat::kLong, locale));
    if (format == nullptr) {  // no ICU data: ISO 8601 is readable anywhere
      char buf[40];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", day.year, day.month,
                    day.day);
      return buf;
    }
    format->setTimeZone(*icu::TimeZone::getGMT());
    cached_language = language;
  }
  icu::UnicodeString text;
  format->format(udate, text);
  slot.text.clear();
  text.toUTF8String(slot.text);
  slot.key = key;
  return slot.text;
}

std::string FormatHttpDate(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kShortDays[tm.tm_wday], tm.tm_mday, kShortMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool ParseHttpDate(std::string_view text, int64_t* t) {
  // Only the IMF-fixdate form that every current client sends.
  std::string s(text);
  std::tm tm{};
  char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return false;
  *t = static_cast<int64_t>(timegm(&tm));
  return true;
}

}  // namespace levelpress
