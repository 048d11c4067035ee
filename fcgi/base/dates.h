// Dates: parsing front-matter dates and formatting them for URLs, pages and
// HTTP headers. All times are Unix seconds (UTC). The blog's time zone is a
// process-wide setting (POSIX TZ); set it once at start-up with
// SetTimeZone() before any thread starts. Everything else is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "status.h"

namespace levelpress {

// Whether zone names a zone of tzdata ("UTC", "Europe/Berlin"): a short
// name of letters, digits, '_', '-', '+' and '/', naming a regular file
// under /usr/share/zoneinfo (not a folder such as "Europe"). Never throws.
Status CheckTimeZone(const std::string& zone);
// Sets the blog's time zone after CheckTimeZone. Not thread-safe.
Status SetTimeZone(const std::string& zone);

// ISO 8601 as written in front matter: "2023-09-27", "2023-09-27T10:00",
// "2023-09-27T10:00:00+02:00", "2023-09-27 10:00:00 +0200", "...Z".
// Without an offset the time is read in the blog's time zone.
// On failure returns false and says what is wrong in *why.
bool ParseDate(std::string_view text, int64_t* unix_seconds, std::string* why);

struct LocalDate {
  int year, month, day;
};
LocalDate ToLocalDate(int64_t t);      // in the blog's time zone
std::string FormatIso8601(int64_t t);  // 2023-09-27T10:00:00+02:00
// The day of t as the language writes it (ICU's long date format):
// "September 27, 2023" (en), "27. September 2023" (de). language is a
// BCP 47 tag; one ICU data lacks falls back to the root locale's form.
std::string FormatDateText(int64_t t, const std::string& language);
std::string FormatHttpDate(int64_t t);  // Wed, 27 Sep 2023 08:00:00 GMT
bool ParseHttpDate(std::string_view text, int64_t* t);

}  // namespace levelpress
