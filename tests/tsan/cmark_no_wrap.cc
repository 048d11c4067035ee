// Control: no wrappers; parses run in parallel with cmark's own table changes.
namespace levelpress {
bool EnableParallelInlineParsing(void (*parse)()) {
  parse();
  return true;
}
}  // namespace levelpress
