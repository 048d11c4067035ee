#include "ghost_documents.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>

namespace levelpress {
namespace {

using Value = rapidjson::Value;

// Deeper than any real document; Lexical nests lists in lists.
constexpr int kMaxDepth = 64;

std::string Str(const Value& v, const char* key) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

int Int(const Value& v, const char* key) {
  if (!v.IsObject()) return 0;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsInt() ? it->value.GetInt() : 0;
}

const Value* Array(const Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "<br>";
        break;  // no line break inside a block
      default:
        out += c;
    }
  }
  return out;
}

// A block of HTML given by the post (an HTML or embed card) kept as one
// Markdown HTML block: a blank line would end it, so blank lines get an
// empty comment (invisible, also inside <pre>).
std::string OneBlock(std::string html) {
  while (!html.empty() && (html.back() == '\n' || html.back() == ' '))
    html.pop_back();
  std::string out;
  size_t start = 0;
  while (start <= html.size()) {
    size_t end = html.find('\n', start);
    if (end == std::string::npos) end = html.size();
    std::string_view line(html.data() + start, end - start);
    bool blank = std::all_of(line.begin(), line.end(), [](char c) {
      return c == ' ' || c == '\t' || c == '\r';
    });
    if (!out.empty()) out += '\n';
    out += blank && start > 0 ? "<!---->" : std::string(line);
    start = end + 1;
  }
  return out;
}

// Text without its tags and with the common entities decoded (a caption
// as the plain text of a Markdown image's title). One pass: linear.
std::string PlainText(std::string_view html) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&lt;", '<'},   {"&gt;", '>'},   {"&quot;", '"'},
      {"&#39;", '\''}, {"&nbsp;", ' '}, {"&amp;", '&'}};
  std::string out;
  bool tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') tag = true;
    if (tag) {
      tag = c != '>';
      continue;
    }
    bool decoded = false;
    for (const auto& [entity, text] : kEntities) {
      if (c == '&' && html.substr(i, entity.size()) == entity) {
        out += text;
        i += entity.size() - 1;
        decoded = true;
        break;
      }
    }
    if (!decoded) out += c;
  }
  return out;
}

// An image as Markdown, not as an <img>: the importer publishes the
// images a Markdown post shows beside it (raw <img> is left as written),
// and a title on an image alone in its paragraph makes a figure with that
// caption.
std::string MarkdownImage(const std::string& src, const std::string& alt,
                          const std::string& caption_html) {
  std::string out = "![";
  for (char c : alt) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    if (c != '\n') out += c;
  }
  out += "](";
  for (char c : src) {
    if (c == ' ')
      out += "%20";
    else if (c == '(')
      out += "%28";
    else if (c == ')')
      out += "%29";
    else if (c != '\n' && c != '<' && c != '>')
      out += c;
  }
  const std::string caption = PlainText(caption_html);
  if (!caption.empty()) {
    out += " \"";
    for (char c : caption) {
      if (c == '"' || c == '\\') out += '\\';
      out += c == '\n' ? ' ' : c;
    }
    out += '"';
  }
  return out + ")";
}

std::string Code(const std::string& code, const std::string& language) {
  std::string out = "<pre><code";
  if (!language.empty()) out += " class=\"language-" + Escape(language) + "\"";
  out += ">";
  for (char c : code) {  // newlines kept: <pre> blocks may hold blank lines
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out + "</code></pre>";
}

// The cards both editors share (same names, same payload fields). Returns
// false when the card is not one of them.
bool SharedCard(const std::string& name, const Value& card,
                std::string* block) {
  if (name == "markdown" || name == "card-markdown") {
    *block = Str(card, "markdown");
  } else if (name == "html" || name == "embed") {
    *block = OneBlock(Str(card, "html"));
  } else if (name == "image") {
    *block =
        MarkdownImage(Str(card, "src"), Str(card, "alt"), Str(card, "caption"));
  } else if (name == "code" || name == "codeblock") {
    *block = Code(Str(card, "code"), Str(card, "language"));
    if (const std::string caption = Str(card, "caption"); !caption.empty()) {
      // A <figure> block ends at a blank line, unlike a <pre> one.
      *block = OneBlock("<figure>" + *block + "<figcaption>" + caption +
                        "</figcaption></figure>");
    }
  } else if (name == "callout") {
    *block = OneBlock("<blockquote>" + Escape(Str(card, "calloutEmoji")) + " " +
                      Str(card, "calloutText") + "</blockquote>");
  } else if (name == "toggle") {  // Ghost's script-driven toggle, as HTML
    *block = OneBlock("<details><summary>" + Str(card, "heading") +
                      "</summary>" + Str(card, "content") + "</details>");
  } else if (name == "button") {
    *block = "<p><a href=\"" + Escape(Str(card, "buttonUrl")) + "\">" +
             Escape(Str(card, "buttonText")) + "</a></p>";
  } else if (name == "paywall") {
    *block = "<!--members-only-->";  // where Ghost's public preview ends
  } else if (name == "hr" || name == "horizontalrule") {
    *block = "<hr>";
  } else if (name == "bookmark") {
    const std::string url = Str(card, "url");
    std::string title, description;
    // The payload may be any JSON value: FindMember needs an object.
    if (card.IsObject()) {
      if (auto it = card.FindMember("metadata");
          it != card.MemberEnd() && it->value.IsObject()) {
        title = Str(it->value, "title");
        description = Str(it->value, "description");
      }
    }
    *block = "<p><a href=\"" + Escape(url) + "\">" +
             Escape(title.empty() ? url : title) + "</a>";
    if (!description.empty()) *block += "<br>" + Escape(description);
    *block += "</p>";
  } else if (name == "gallery") {
    std::string out;  // one paragraph of images
    if (const Value* images = Array(card, "images")) {
      for (const auto& image : images->GetArray())
        out += (out.empty() ? "" : "\n") +
               MarkdownImage(Str(image, "src"), Str(image, "alt"), "");
    }
    *block = out;
  } else {
    return false;
  }
  return true;
}

std::string JoinBlocks(const std::vector<std::string>& blocks) {
  std::string out;
  for (const auto& b : blocks) {
    if (b.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += b;
  }
  return out.empty() ? out : out + "\n";
}

void Note(const std::string& name, std::vector<std::string>* left_out) {
  if (std::find(left_out->begin(), left_out->end(), name) == left_out->end())
    left_out->push_back(name);
}

bool Parse(std::string_view json, rapidjson::Document* doc,
           std::string* error) {
  doc->Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc->HasParseError()) {
    *error = rapidjson::GetParseError_En(doc->GetParseError());
    return false;
  }
  if (!doc->IsObject()) {
    *error = "not a JSON object";
    return false;
  }
  return true;
}

// --- Mobiledoc 0.3
// ------------------------------------------------------------ sections: [1,
// tag, markers] text, [2, src] image, [3, tag, [markers...]] list, [10, card
// index] card. A marker is [0 text | 1 atom, markups opened, how many closed,
// text | atom index].

class Mobiledoc {
 public:
  Mobiledoc(const Value& doc, std::vector<std::string>* left_out)
      : doc_(doc), left_out_(left_out) {}

  std::string Body() {
    std::vector<std::string> blocks;
    if (const Value* sections = Array(doc_, "sections")) {
      for (const auto& s : sections->GetArray()) blocks.push_back(Section(s));
    }
    return JoinBlocks(blocks);
  }

 private:
  std::string Section(const Value& s) {
    if (!s.IsArray() || s.Size() < 2 || !s[0].IsInt()) return "";
    const int type = s[0].GetInt();
    if (type == 1 && s.Size() >= 3 && s[1].IsString()) {
      const std::string tag = Tag(s[1].GetString());
      return "<" + tag + ">" + Markers(s[2]) + "</" + tag + ">";
    }
    if (type == 2 && s[1].IsString())
      return MarkdownImage(s[1].GetString(), "", "");
    if (type == 3 && s.Size() >= 3 && s[1].IsString() && s[2].IsArray()) {
      const std::string tag =
          s[1].GetString() == std::string("ol") ? "ol" : "ul";
      std::string out = "<" + tag + ">";
      for (const auto& item : s[2].GetArray())
        out += "<li>" + Markers(item) + "</li>";
      return out + "</" + tag + ">";
    }
    if (type == 10 && s[1].IsInt()) return Card(s[1].GetInt());
    return "";
  }

  static std::string Tag(std::string tag) {
    std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
    static const char* const kTags[] = {"p",  "h1", "h2",         "h3",   "h4",
                                        "h5", "h6", "blockquote", "aside"};
    for (const char* t : kTags)
      if (tag == t) return tag == "aside" ? "blockquote" : tag;
    return "p";
  }

  std::string Markers(const Value& markers) {
    std::string out;
    std::vector<std::string> open;  // closing tags, innermost last
    if (!markers.IsArray()) return out;
    for (const auto& m : markers.GetArray()) {
      if (!m.IsArray() || m.Size() < 4 || !m[1].IsArray() || !m[2].IsInt())
        continue;
      for (const auto& index : m[1].GetArray()) out += OpenMarkup(index, &open);
      if (m[3].IsString()) {
        out += Escape(m[3].GetString());
      } else if (m[3].IsInt()) {
        out += Atom(m[3].GetInt());
      }
      for (int i = 0; i < m[2].GetInt() && !open.empty(); ++i) {
        out += open.back();
        open.pop_back();
      }
    }
    while (!open.empty()) {
      out += open.back();
      open.pop_back();
    }
    return out;
  }

  std::string OpenMarkup(const Value& index, std::vector<std::string>* open) {
    const Value* markups = Array(doc_, "markups");
    if (!markups || !index.IsInt() || index.GetInt() < 0 ||
        static_cast<unsigned>(index.GetInt()) >= markups->Size())
      return "";
    const Value& markup = (*markups)[index.GetInt()];
    if (!markup.IsArray() || markup.Empty() || !markup[0].IsString()) return "";
    std::string tag = markup[0].GetString();
    std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
    static const char* const kTags[] = {
        "a", "b", "strong", "i", "em", "u", "s", "code", "sub", "sup", "mark"};
    if (std::none_of(std::begin(kTags), std::end(kTags),
                     [&](const char* t) { return tag == t; }))
      tag = "span";
    std::string out = "<" + tag;
    if (markup.Size() > 1 && markup[1].IsArray()) {
      const Value& attrs = markup[1];
      for (rapidjson::SizeType i = 0; i + 1 < attrs.Size(); i += 2) {
        if (attrs[i].IsString() && attrs[i + 1].IsString() &&
            std::string(attrs[i].GetString()) == "href")
          out += " href=\"" + Escape(attrs[i + 1].GetString()) + "\"";
      }
    }
    open->push_back("</" + tag + ">");
    return out + ">";
  }

  std::string Atom(int index) {
    const Value* atoms = Array(doc_, "atoms");
    if (!atoms || index < 0 || static_cast<unsigned>(index) >= atoms->Size())
      return "";
    const Value& atom = (*atoms)[index];
    if (!atom.IsArray() || atom.Size() < 2 || !atom[0].IsString()) return "";
    if (std::string(atom[0].GetString()) == "soft-return") return "<br>";
    return atom[1].IsString() ? Escape(atom[1].GetString()) : "";
  }

  std::string Card(int index) {
    const Value* cards = Array(doc_, "cards");
    if (!cards || index < 0 || static_cast<unsigned>(index) >= cards->Size())
      return "";
    const Value& card = (*cards)[index];
    if (!card.IsArray() || card.Size() < 2 || !card[0].IsString()) return "";
    const std::string name = card[0].GetString();
    std::string block;
    if (!SharedCard(name, card[1], &block)) Note(name, left_out_);
    return block;
  }

  const Value& doc_;
  std::vector<std::string>* left_out_;
};

// --- Lexical -----------------------------------------------------------------
// root.children: block nodes (paragraph, heading, quote, list, cards);
// inline nodes: text (format bits: 1 bold, 2 italic, 4 strikethrough,
// 8 underline, 16 code, 32 subscript, 64 superscript), link, linebreak.

class Lexical {
 public:
  explicit Lexical(std::vector<std::string>* left_out) : left_out_(left_out) {}

  std::string Body(const Value& root) {
    std::vector<std::string> blocks;
    if (const Value* children = Array(root, "children")) {
      for (const auto& node : children->GetArray())
        blocks.push_back(Block(node, 0));
    }
    return JoinBlocks(blocks);
  }

 private:
  std::string Block(const Value& node, int depth) {
    const std::string type = Str(node, "type");
    if (type == "paragraph") return Wrap("p", Inline(node, depth));
    if (type == "heading" || type == "extended-heading") {
      std::string tag = Str(node, "tag");
      if (tag.size() != 2 || tag[0] != 'h' || tag[1] < '1' || tag[1] > '6')
        tag = "h2";
      return Wrap(tag, Inline(node, depth));
    }
    if (type == "quote" || type == "extended-quote" || type == "aside")
      return Wrap("blockquote", Inline(node, depth));
    if (type == "list") return List(node, depth);
    std::string block;
    if (!SharedCard(type, node, &block)) Note(type, left_out_);
    return block;
  }

  static std::string Wrap(const std::string& tag, const std::string& inner) {
    return "<" + tag + ">" + inner + "</" + tag + ">";
  }

  std::string List(const Value& node, int depth) {
    if (depth > kMaxDepth) return "";
    const std::string tag = Str(node, "listType") == "number" ? "ol" : "ul";
    std::string out = "<" + tag + ">";
    if (const Value* items = Array(node, "children")) {
      for (const auto& item : items->GetArray())
        out += Wrap("li", Inline(item, depth + 1));
    }
    return out + "</" + tag + ">";
  }

  std::string Inline(const Value& node, int depth) {
    std::string out;
    const Value* children = Array(node, "children");
    if (!children || depth > kMaxDepth) return out;
    for (const auto& child : children->GetArray()) {
      const std::string type = Str(child, "type");
      if (type == "text" || type == "extended-text") {
        out += Text(Escape(Str(child, "text")), Int(child, "format"));
      } else if (type == "link" || type == "autolink") {
        out += "<a href=\"" + Escape(Str(child, "url")) + "\">" +
               Inline(child, depth + 1) + "</a>";
      } else if (type == "linebreak") {
        out += "<br>";
      } else if (type == "list") {
        out += List(child, depth + 1);  // a nested list inside an item
      } else {
        out += Inline(child, depth + 1);  // hashtags, marks: their text
      }
    }
    return out;
  }

  static std::string Text(std::string html, int format) {
    static const std::pair<int, const char*> kFormats[] = {
        {16, "code"}, {64, "sup"}, {32, "sub"},  {8, "u"},
        {4, "s"},     {2, "em"},   {1, "strong"}};
    for (const auto& [bit, tag] : kFormats)
      if (format & bit) html = Wrap(tag, html);
    return html;
  }

  std::vector<std::string>* left_out_;
};

}  // namespace

std::string MobiledocBody(std::string_view json,
                          std::vector<std::string>* left_out,
                          std::string* error) {
  rapidjson::Document doc;
  if (!Parse(json, &doc, error)) return "";
  if (!Array(doc, "sections")) {
    *error = "no \"sections\"";
    return "";
  }
  return Mobiledoc(doc, left_out).Body();
}

std::string LexicalBody(std::string_view json,
                        std::vector<std::string>* left_out,
                        std::string* error) {
  rapidjson::Document doc;
  if (!Parse(json, &doc, error)) return "";
  auto root = doc.FindMember("root");
  if (root == doc.MemberEnd() || !root->value.IsObject()) {
    *error = "no \"root\"";
    return "";
  }
  return Lexical(left_out).Body(root->value);
}

}  // namespace levelpress
