// The command line of the levelpress binary: its subcommands and options.
// Parsed in main() and, for a command handed over through the control
// socket, again in the server, from the same arguments.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"

namespace levelpress {

// Parses args (without argv0) into *cl. nullopt: run cl.command (empty
// when no subcommand was given); else the exit status to return at once
// (0 for --help and --version, 2 for a usage error), with the text written.
std::optional<int> ParseCommandLine(const std::vector<std::string>& args,
                                    CommandLine* cl, std::ostream& out,
                                    std::ostream& err);

// The usage text (for a binary run with no subcommand).
std::string Usage();

}  // namespace levelpress
