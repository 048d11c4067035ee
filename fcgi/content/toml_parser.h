// toml++ (Debian 12: 3.3), as LevelPress includes it: without exceptions,
// and without the parser's assumptions. Built with NDEBUG, toml++ turns
// its internal asserts into compiler assumptions (__builtin_assume with
// clang), and malformed input breaks some of them ("x = [}", "[>x]": found
// by the hugo_config fuzz target), which is undefined behaviour. Without
// them the parser reaches its own error ("could not determine value
// type"), as a gcc build does. Include this, never <toml++/toml.h>, so
// that every file sees one definition of toml++'s inline functions.
#pragma once

#define TOML_EXCEPTIONS 0
#include <toml++/impl/preprocessor.h>
#undef TOML_ASSERT_ASSUME
#define TOML_ASSERT_ASSUME(expr) static_assert(true)
#include <toml++/toml.h>
