#define BOOST_TEST_MODULE dates
#define BOOST_TEST_DYN_LINK
#include "dates.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>

#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

// Unix times, computed with `date -ud ... +%s`.
constexpr int64_t k0800Z = 1695801600;           // 2023-09-27T08:00:00Z
constexpr int64_t k1000Z = 1695808800;           // 2023-09-27T10:00:00Z
constexpr int64_t kMidnightZ = 1695772800;       // 2023-09-27T00:00:00Z
constexpr int64_t kBerlinMidnight = 1695765600;  // 2023-09-26T22:00:00Z

void Zone(const char* zone) {
  Status s = SetTimeZone(zone);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
}

int64_t Parse(const std::string& text) {
  int64_t t = -1;
  std::string why;
  bool ok = ParseDate(text, &t, &why);
  BOOST_CHECK_MESSAGE(ok, "'" << text << "' did not parse: " << why);
  return t;
}

std::string Fails(const std::string& text) {
  int64_t t = 12345;
  std::string why;
  BOOST_CHECK_MESSAGE(!ParseDate(text, &t, &why),
                      "'" << text << "' parsed as " << t);
  BOOST_CHECK_MESSAGE(!why.empty(), "no reason for '" << text << "'");
  return why;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_format_with_an_offset) {
  for (const char* zone : {"UTC", "Europe/Berlin", "America/New_York"}) {
    BOOST_TEST_CONTEXT("blog zone " << zone) {
      Zone(zone);  // an explicit offset ignores the blog's zone
      BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00+02:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00+0200"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00+02"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27 10:00:00 +0200"), k0800Z);  // Jekyll
      BOOST_CHECK_EQUAL(Parse("2023-09-27 10:00:00 +02:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00+02:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T08:00:00Z"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27t08:00:00z"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T08:00Z"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T08:00:00.123Z"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T08:00:00+00:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T08:00:00-00:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T03:00:00-05:00"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T13:30:00+05:30"), k0800Z);
      BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00+02:00  "),
                        k0800Z);  // trailing space
      BOOST_CHECK_EQUAL(Parse("2023-09-27T00:30:00+02:00"),
                        kBerlinMidnight + 1800);
      BOOST_CHECK_EQUAL(Parse("2000-01-01T00:00:00Z"), 946684800);
      BOOST_CHECK_EQUAL(Parse("2024-02-29T12:00:00Z"), 1709208000);  // leap day
    }
  }
}

BOOST_AUTO_TEST_CASE(no_offset_is_read_in_the_blog_zone) {
  Zone("UTC");
  BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00"), k1000Z);
  BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00"), k1000Z);
  BOOST_CHECK_EQUAL(Parse("2023-09-27 10:00:00"), k1000Z);
  BOOST_CHECK_EQUAL(Parse("2023-09-27"), kMidnightZ);

  Zone("Europe/Berlin");  // CEST, +02:00, in September
  BOOST_CHECK_EQUAL(Parse("2023-09-27T10:00:00"), k0800Z);
  BOOST_CHECK_EQUAL(Parse("2023-09-27 10:00"), k0800Z);
  BOOST_CHECK_EQUAL(Parse("2023-09-27"), kBerlinMidnight);
  BOOST_CHECK_EQUAL(Parse("2023-01-15T12:00:00"), 1673780400);  // CET, +01:00
  BOOST_CHECK_EQUAL(Parse("2023-07-01T12:00:00"), 1688205600);  // CEST

  Zone("UTC");  // and back: no state left over
  BOOST_CHECK_EQUAL(Parse("2023-09-27"), kMidnightZ);
}

BOOST_AUTO_TEST_CASE(daylight_saving_switches_in_berlin) {
  Zone("Europe/Berlin");
  // Spring forward on 2024-03-31: 02:00 CET becomes 03:00 CEST.
  BOOST_CHECK_EQUAL(Parse("2024-03-31T01:59:59"), 1711846799);
  BOOST_CHECK_EQUAL(Parse("2024-03-31T03:00:00"), 1711846800);
  // Fall back on 2024-10-27: 03:00 CEST becomes 02:00 CET.
  BOOST_CHECK_EQUAL(Parse("2024-10-27T01:59:59"), 1729987199);
  BOOST_CHECK_EQUAL(Parse("2024-10-27T03:00:00"), 1729994400);
  // A time in the gap still gives some time within the hour around it.
  int64_t gap = Parse("2024-03-31T02:30:00");
  BOOST_CHECK_GE(gap, 1711846799 - 3600);
  BOOST_CHECK_LE(gap, 1711846800 + 3600);
}

BOOST_AUTO_TEST_CASE(invalid_calendar_dates) {
  Zone("UTC");
  for (const char* bad :
       {"2023-13-01", "2023-00-10", "2023-02-29", "2023-04-31", "2023-01-00",
        "2023-01-32", "1900-02-29"}) {
    std::string why = Fails(bad);
    BOOST_CHECK_MESSAGE(Contains(why, "is not a calendar date"),
                        bad << ": " << why);
    BOOST_CHECK_MESSAGE(Contains(why, bad),
                        "the message quotes the text: " << why);
  }
  BOOST_CHECK_EQUAL(Parse("2000-02-29"), 951782400);
}

BOOST_AUTO_TEST_CASE(malformed_dates) {
  Zone("UTC");
  for (const char* bad : {"", "2023", "2023-9-27", "27.09.2023", "2023/09/27",
                          "20230927", "yesterday", "2023-09-2"}) {
    std::string why = Fails(bad);
    BOOST_CHECK_MESSAGE(Contains(why, "is not a date"), bad << ": " << why);
  }
  BOOST_CHECK(Contains(Fails("2023-09-27X10:00"), "has text after the date"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10"), "no valid time"));
  BOOST_CHECK(Contains(Fails("2023-09-27T1:00"), "no valid time"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10-00"), "no valid time"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10:00:5"), "no valid seconds"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10:00:00+2"), "malformed offset"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10:00:00+02:0"), "malformed offset"));
  BOOST_CHECK(
      Contains(Fails("2023-09-27T10:00:00+25:00"), "offset out of range"));
  BOOST_CHECK(
      Contains(Fails("2023-09-27T10:00:00+02:60"), "offset out of range"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10:00:00 CEST"), "unexpected text"));
  BOOST_CHECK(Contains(Fails("2023-09-27T10:00:00Zulu"), "unexpected text"));
  BOOST_CHECK(
      Contains(Fails("2023-09-27T10:00:00+02:00:00"), "unexpected text"));
}

BOOST_AUTO_TEST_CASE(invalid_times_of_day) {
  Zone("UTC");
  for (const char* bad : {"2023-09-27T24:00", "2023-09-27T10:60",
                          "2023-09-27T10:00:61", "2023-09-27T99:00:00Z"}) {
    std::string why = Fails(bad);
    BOOST_CHECK_MESSAGE(Contains(why, "not a valid time of day"),
                        bad << ": " << why);
  }
  BOOST_CHECK_EQUAL(Parse("2023-09-27T23:59:59Z"), kMidnightZ + 86399);
}

// "9999-12-31T23:59:59-23:59" parsed as a time in the year 10000, which
// FormatIso8601 (export) and the post URL write with five digits: the
// exported folder did not import ("is not a date"). A time after the year
// 9999, in UTC or in the blog's zone, is refused.
BOOST_AUTO_TEST_CASE(times_after_the_year_9999_are_refused) {
  for (const char* zone : {"UTC", "Pacific/Honolulu", "Pacific/Kiritimati"}) {
    Zone(zone);
    for (const char* bad :
         {"9999-12-31T23:59:59-23:59", "9999-12-31T23:00:00-01:00"}) {
      BOOST_CHECK_MESSAGE(Contains(Fails(bad), "after the year 9999"), bad);
    }
    // The latest time that is 9999 everywhere reads and writes back.
    const int64_t t = Parse("9999-12-31T00:00:00Z");
    BOOST_CHECK_EQUAL(Parse(FormatIso8601(t)), t);
  }
  Zone("Pacific/Kiritimati");  // +14:00: 10000-01-01 here, 9999 in UTC
  BOOST_CHECK(Contains(Fails("9999-12-31T12:00:00Z"), "after the year 9999"));
  Zone("UTC");
  BOOST_CHECK_EQUAL(Parse("9999-12-31T23:59:59Z"), int64_t{253402300799});
}

BOOST_AUTO_TEST_CASE(unknown_time_zones_are_refused) {
  BOOST_CHECK(SetTimeZone("Mars/Olympus_Mons").IsInvalidArgument());
  BOOST_CHECK(SetTimeZone("").IsInvalidArgument());
  BOOST_CHECK(SetTimeZone("../../etc/passwd").IsInvalidArgument());
  Status s = SetTimeZone("Europe/Berlinn");
  BOOST_CHECK(s.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(s.message(), "Europe/Berlinn"), s.message());
  // The zone in effect is unchanged by a refused one.
  Zone("Europe/Berlin");
  BOOST_CHECK(!SetTimeZone("Nowhere/Else").ok());
  BOOST_CHECK_EQUAL(FormatIso8601(k0800Z), "2023-09-27T10:00:00+02:00");
}

// Regression: SetTimeZone() accepted any existing path under
// /usr/share/zoneinfo, including a folder such as "Europe"; glibc then
// silently ran in UTC.
BOOST_AUTO_TEST_CASE(a_zone_folder_is_not_a_zone) {
  BOOST_CHECK(!SetTimeZone("Europe").ok());
  Zone("UTC");
}

BOOST_AUTO_TEST_CASE(format_iso8601) {
  Zone("Europe/Berlin");
  BOOST_CHECK_EQUAL(FormatIso8601(k0800Z), "2023-09-27T10:00:00+02:00");
  BOOST_CHECK_EQUAL(FormatIso8601(1673780400), "2023-01-15T12:00:00+01:00");
  Zone("UTC");
  BOOST_CHECK_EQUAL(FormatIso8601(k0800Z), "2023-09-27T08:00:00+00:00");
  Zone("America/St_Johns");  // -02:30 in summer
  BOOST_CHECK_EQUAL(FormatIso8601(k0800Z), "2023-09-27T05:30:00-02:30");
  Zone("Asia/Kolkata");
  BOOST_CHECK_EQUAL(FormatIso8601(k0800Z), "2023-09-27T13:30:00+05:30");
  // What FormatIso8601 writes, ParseDate reads back, in any zone.
  for (const char* zone :
       {"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"}) {
    Zone(zone);
    // -3773736000 is 1850-06-01T12:00:00Z, in Berlin's local mean time
    // (+00:53:28): written as +00:53 it came back 28 s later, and moved
    // again at each export and import.
    for (int64_t t : {k0800Z, int64_t{1711846799}, int64_t{1729990800},
                      int64_t{0}, int64_t{-3773736000}}) {
      BOOST_CHECK_EQUAL(Parse(FormatIso8601(t)), t);
    }
  }
  Zone("Europe/Berlin");
  BOOST_CHECK_EQUAL(FormatIso8601(-3773736000), "1850-06-01T12:00:00+00:00");
  Zone("UTC");
}

BOOST_AUTO_TEST_CASE(format_date_text_and_local_date) {
  Zone("Europe/Berlin");
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "en"),
                    "September 27, 2023");
  LocalDate d = ToLocalDate(kBerlinMidnight);
  BOOST_CHECK_EQUAL(d.year, 2023);
  BOOST_CHECK_EQUAL(d.month, 9);
  BOOST_CHECK_EQUAL(d.day, 27);
  Zone("UTC");
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "en"),
                    "September 26, 2023");
  BOOST_CHECK_EQUAL(ToLocalDate(kBerlinMidnight).day, 26);
  BOOST_CHECK_EQUAL(FormatDateText(946684800, "en"), "January 1, 2000");
  BOOST_CHECK_EQUAL(FormatDateText(1709208000, "en"), "February 29, 2024");
  BOOST_CHECK_EQUAL(FormatDateText(1703980800, "en"), "December 31, 2023");
}

// ICU's long date of the language, for the day in the blog's zone.
BOOST_AUTO_TEST_CASE(format_date_text_follows_the_language) {
  Zone("Europe/Berlin");
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "de"),
                    "27. September 2023");
  BOOST_CHECK_EQUAL(FormatDateText(1709208000, "de"), "29. Februar 2024");
  BOOST_CHECK_EQUAL(FormatDateText(1710000000, "de"), "9. März 2024");
  BOOST_CHECK_EQUAL(FormatDateText(1710000000, "de-CH"), "9. März 2024");
  BOOST_CHECK_EQUAL(FormatDateText(1710000000, "fr"), "9 mars 2024");
  // Switching back and forth on one thread remakes the formatter.
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "en"),
                    "September 27, 2023");
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "de"),
                    "27. September 2023");
  Zone("UTC");
  // Berlin's midnight is the day before in UTC: the zone decides the day,
  // not ICU's own zone data.
  BOOST_CHECK_EQUAL(FormatDateText(kBerlinMidnight, "de"),
                    "26. September 2023");
  // A tag ICU has no data for still gives a date (the root locale's).
  std::string unknown = FormatDateText(kBerlinMidnight, "xx");
  BOOST_CHECK(unknown.find("2023") != std::string::npos);
  BOOST_CHECK(unknown.find("26") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(http_dates) {
  Zone("Europe/Berlin");  // HTTP dates are always GMT
  BOOST_CHECK_EQUAL(FormatHttpDate(k0800Z), "Wed, 27 Sep 2023 08:00:00 GMT");
  BOOST_CHECK_EQUAL(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  BOOST_CHECK_EQUAL(FormatHttpDate(1709208000),
                    "Thu, 29 Feb 2024 12:00:00 GMT");
  int64_t t = -1;
  BOOST_REQUIRE(ParseHttpDate("Wed, 27 Sep 2023 08:00:00 GMT", &t));
  BOOST_CHECK_EQUAL(t, k0800Z);
  for (int64_t v : {int64_t{0}, k0800Z, int64_t{1709208000},
                    int64_t{1729990799}, int64_t{4102444800}}) {
    int64_t back = -1;
    BOOST_CHECK(ParseHttpDate(FormatHttpDate(v), &back));
    BOOST_CHECK_EQUAL(back, v);
  }
  t = 7;
  BOOST_CHECK(!ParseHttpDate("", &t));
  BOOST_CHECK(!ParseHttpDate("yesterday", &t));
  BOOST_CHECK(!ParseHttpDate("Wed, 27 Sep 2023 08:00:00 GMT junk", &t));
  BOOST_CHECK(!ParseHttpDate("Wed, 27 Sep 2023 08:00:00", &t));
  BOOST_CHECK(!ParseHttpDate("2023-09-27T08:00:00Z", &t));
  BOOST_CHECK_EQUAL(t, 7);  // untouched on failure
  Zone("UTC");
}

// Regression: a 5,000-character zone made std::filesystem::is_regular_file
// throw (ENAMETOOLONG), which ended the process (exit 134).
BOOST_AUTO_TEST_CASE(a_huge_or_strange_zone_is_an_error_not_an_exception) {
  for (const std::string& zone :
       {std::string(5000, 'x'), std::string(300, '/'), std::string("a\nb"),
        std::string("../../../etc/passwd"), std::string("/etc/localtime"),
        std::string("Europe/"), std::string("Europe//Berlin")}) {
    Status s = CheckTimeZone(zone);
    BOOST_CHECK(s.IsInvalidArgument());
    BOOST_CHECK(SetTimeZone(zone).IsInvalidArgument());
  }
  BOOST_CHECK(CheckTimeZone("Etc/GMT+5").ok());
  BOOST_CHECK(CheckTimeZone("America/Port-au-Prince").ok());
  Zone("UTC");
}
