// The allow-list HTML cleaner for marketing content (see dpc/catalogue/content.h). A small
// tokenizer rather than a DOM: content is short, and anything it does not understand is
// escaped as text, so the output can only contain the tags and attributes allowed here.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include "dpc/catalogue/content.h"
#include "dpc/core/strings.h"

namespace dpc::catalogue {

namespace {

const std::set<std::string> kTags = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
                                     "a", "img", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "span"};
const std::set<std::string> kVoid = {"br", "img"};
// Elements dropped with everything inside them.
const std::set<std::string> kDropWithContent = {"script", "style", "iframe", "object", "embed", "template",
                                                "noscript", "textarea", "svg", "math"};

// Text keeps entities the author wrote (&amp; &nbsp; &#8211;) and escapes the rest.
std::string escape_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '&') {
      size_t semi = s.find(';', i);
      bool entity = semi != std::string_view::npos && semi - i <= 10 && semi > i + 1;
      for (size_t j = i + 1; entity && j < semi; ++j) entity = std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '#';
      out += entity ? "&" : "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

bool safe_url(const std::string& url, bool image) {
  std::string u = to_lower(url);
  u.erase(std::remove_if(u.begin(), u.end(), [](unsigned char c) { return std::isspace(c) || c < 32; }), u.end());
  if (image) return u.rfind("/cdn/", 0) == 0 || u.rfind("https://", 0) == 0;
  if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0 || u.rfind("mailto:", 0) == 0) return true;
  // Relative: no scheme before the first / ? #.
  size_t colon = u.find(':');
  size_t stop = u.find_first_of("/?#");
  return colon == std::string::npos || (stop != std::string::npos && stop < colon);
}

std::string decode_basic_entities(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {{"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, std::string(from).size(), to);
  }
  return s;
}

struct Tag {
  std::string name;
  bool closing = false, self_closing = false;
  std::map<std::string, std::string> attrs;
};

// Parses the tag starting at html[i] == '<'; returns its end (one past '>') or npos.
size_t parse_tag(std::string_view html, size_t i, Tag& tag) {
  size_t j = i + 1;
  if (j < html.size() && html[j] == '/') {
    tag.closing = true;
    ++j;
  }
  size_t name_start = j;
  while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])))) ++j;
  if (j == name_start) return std::string_view::npos;
  tag.name = to_lower((html.substr(name_start, j - name_start)));
  while (j < html.size()) {
    while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
    if (j >= html.size()) return std::string_view::npos;
    if (html[j] == '>') return j + 1;
    if (html[j] == '/') {
      tag.self_closing = true;
      ++j;
      continue;
    }
    size_t an = j;
    while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '=' && html[j] != '>' && html[j] != '/') ++j;
    std::string name = to_lower((html.substr(an, j - an)));
    std::string value;
    while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
    if (j < html.size() && html[j] == '=') {
      ++j;
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
        char q = html[j++];
        size_t end = html.find(q, j);
        if (end == std::string_view::npos) return std::string_view::npos;
        value = std::string(html.substr(j, end - j));
        j = end + 1;
      } else {
        size_t vs = j;
        while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>') ++j;
        value = std::string(html.substr(vs, j - vs));
      }
    }
    if (!name.empty()) tag.attrs[name] = decode_basic_entities(value);
  }
  return std::string_view::npos;
}

}  // namespace

std::string sanitize_html(std::string_view html) {
  std::string out;
  std::vector<std::string> open;
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    out += escape_text(html.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    Tag tag;
    size_t end = parse_tag(html, lt, tag);
    if (end == std::string_view::npos) {
      out += "&lt;";
      i = lt + 1;
      continue;
    }
    i = end;
    if (kDropWithContent.count(tag.name)) {
      if (!tag.closing && !tag.self_closing) {
        std::string lower_rest = to_lower((html.substr(i)));
        size_t close = lower_rest.find("</" + tag.name);
        if (close == std::string::npos) {
          i = html.size();
        } else {
          size_t gt = html.find('>', i + close);
          i = gt == std::string_view::npos ? html.size() : gt + 1;
        }
      }
      continue;
    }
    if (!kTags.count(tag.name)) continue;  // unknown tag: dropped, its text kept
    if (tag.closing) {
      auto it = std::find(open.rbegin(), open.rend(), tag.name);
      if (it == open.rend()) continue;
      // Close everything opened inside it too, so the output stays balanced.
      while (!open.empty()) {
        std::string top = open.back();
        open.pop_back();
        out += "</" + top + ">";
        if (top == tag.name) break;
      }
      continue;
    }
    std::string attrs;
    if (tag.name == "a" && tag.attrs.count("href") && safe_url(tag.attrs["href"], false)) {
      attrs += " href=\"" + html_escape(tag.attrs["href"]) + "\" rel=\"noopener noreferrer\"";
    }
    if (tag.name == "img") {
      if (!tag.attrs.count("src") || !safe_url(tag.attrs["src"], true)) continue;
      attrs += " src=\"" + html_escape(tag.attrs["src"]) + "\"";
      attrs += " alt=\"" + html_escape(tag.attrs.count("alt") ? tag.attrs["alt"] : "") + "\"";
    }
    if ((tag.name == "td" || tag.name == "th") && tag.attrs.count("colspan")) {
      const std::string& c = tag.attrs["colspan"];
      if (!c.empty() && c.size() < 3 && std::all_of(c.begin(), c.end(), ::isdigit)) attrs += " colspan=\"" + c + "\"";
    }
    out += "<" + tag.name + attrs + ">";
    if (!kVoid.count(tag.name)) open.push_back(tag.name);
  }
  while (!open.empty()) {
    out += "</" + open.back() + ">";
    open.pop_back();
  }
  return out;
}

}  // namespace dpc::catalogue
