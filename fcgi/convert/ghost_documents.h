// GhostDocuments: the body of a Ghost post whose export has no `html`,
// rebuilt from the editor's own document: Mobiledoc 0.3 (Ghost 1 to 4)
// or Lexical (Ghost 5). Ghost writes `html` for every post it saves, but
// exports made by migration tools, or edited by hand, may hold only the
// document. The body is Markdown (LevelPress renders it at import): a
// Markdown card stays Markdown, an image becomes a Markdown image (so
// that the import publishes it; its caption the title), every other
// section or card one HTML block (no blank line inside, so Markdown
// leaves it as it is).
// Ghost's scripted cards become plain HTML where that keeps their content
// (a toggle a <details>, a callout a quote, a button a link); the others
// (product, audio, video, header, signup cards, ...) are left out and
// named. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace levelpress {

// The body, or "" with *error set when `json` is not such a document.
// *left_out gets the name of each card type that was not rendered.
std::string MobiledocBody(std::string_view json,
                          std::vector<std::string>* left_out,
                          std::string* error);
std::string LexicalBody(std::string_view json,
                        std::vector<std::string>* left_out, std::string* error);

}  // namespace levelpress
