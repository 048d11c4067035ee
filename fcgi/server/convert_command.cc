// levelpress convert wordpress|ghost EXPORT OUT_DIR [--uploads DIR]: the
// converters of fcgi/convert/ with the site's settings (time zone, post
// URLs), and their summary.
#include <iostream>

#include "commands.h"
#include "convert.h"
#include "counted.h"

namespace levelpress {

int RunConvert(const CommandLine& cl) {
  Settings settings;
  if (!LoadCommandSettings(cl, &settings, std::cerr)) return 2;
  ConvertOptions options;
  options.input = cl.input;
  options.out_dir = cl.out_dir;
  options.uploads_dir = cl.uploads;
  ConvertReport report;
  Status s = cl.source == "wordpress"
                 ? ConvertWordPress(options, settings, &report)
                 : ConvertGhost(options, settings, &report);
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";
  if (!s.ok()) {
    std::cerr << s.message() << "\nlevelpress: nothing was written to "
              << cl.out_dir << "\n";
    return 1;
  }
  for (const auto& n : report.notes) std::cout << "note: " << n << "\n";
  std::cout << "converted " << Counted(report.posts, "post") << " ("
            << Counted(report.drafts, "draft or private", "drafts or private")
            << ", " << report.scheduled << " scheduled), "
            << Counted(report.pages, "page") << ", "
            << Counted(report.authors, "author") << ", "
            << Counted(report.images, "image") << " into " << cl.out_dir << "; "
            << Counted(report.skipped, "item") << " skipped, "
            << Counted(report.warnings.size(), "warning") << "\n"
            << "next: levelpress import " << cl.out_dir << "\n";
  return 0;
}

}  // namespace levelpress
