// XPath regex translation to PCRE2 syntax, and the three operations FEEL needs.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "xpath_regex.h"

#include <pcre2.h>

#include <cctype>

namespace dpc::feel {

struct XPathRegex::Code {
  pcre2_code* re = nullptr;
  ~Code() { pcre2_code_free(re); }
};

namespace {

struct Block {
  const char* name;
  unsigned lo, hi;
};
// The XSD block escapes most used in practice (`\p{IsBasicLatin}`...).
const Block kBlocks[] = {
    {"BasicLatin", 0x0000, 0x007F},         {"Latin-1Supplement", 0x0080, 0x00FF},
    {"LatinExtended-A", 0x0100, 0x017F},    {"LatinExtended-B", 0x0180, 0x024F},
    {"IPAExtensions", 0x0250, 0x02AF},      {"Greek", 0x0370, 0x03FF},
    {"GreekandCoptic", 0x0370, 0x03FF},     {"Cyrillic", 0x0400, 0x04FF},
    {"Armenian", 0x0530, 0x058F},           {"Hebrew", 0x0590, 0x05FF},
    {"Arabic", 0x0600, 0x06FF},             {"Devanagari", 0x0900, 0x097F},
    {"Thai", 0x0E00, 0x0E7F},               {"GeneralPunctuation", 0x2000, 0x206F},
    {"CurrencySymbols", 0x20A0, 0x20CF},    {"LetterlikeSymbols", 0x2100, 0x214F},
    {"Arrows", 0x2190, 0x21FF},             {"MathematicalOperators", 0x2200, 0x22FF},
    {"CJKUnifiedIdeographs", 0x4E00, 0x9FFF}, {"Hiragana", 0x3040, 0x309F},
    {"Katakana", 0x30A0, 0x30FF},           {"HangulSyllables", 0xAC00, 0xD7AF},
};

class Translator {
 public:
  Translator(std::string_view p) : p_(p) {}

  std::optional<std::string> run() {
    std::string out;
    while (i_ < p_.size()) {
      if (p_[i_] == '[') {
        auto c = char_class();
        if (!c) return std::nullopt;
        out += *c;
      } else if (p_[i_] == '\\') {
        auto e = escape(false);
        if (!e) return std::nullopt;
        out += *e;
      } else {
        out += p_[i_++];
      }
    }
    return out;
  }

 private:
  std::string_view p_;
  size_t i_ = 0;

  std::optional<std::string> escape(bool in_class) {
    ++i_;  // the backslash
    if (i_ >= p_.size()) return std::nullopt;
    char c = p_[i_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (in_class || c == '0') return std::nullopt;  // no back-references in classes, no \0
      std::string ref = "\\";
      while (i_ < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i_]))) ref += p_[i_++];
      return ref;
    }
    if ((c == 'p' || c == 'P') && i_ + 1 < p_.size() && p_[i_ + 1] == '{') {
      size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view name = p_.substr(i_ + 2, close - i_ - 2);
      std::string whole(p_.substr(i_ - 1, close - i_ + 2));
      i_ = close + 1;
      if (name.rfind("Is", 0) != 0) return whole;
      for (const Block& b : kBlocks) {
        if (name.substr(2) != b.name) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "\\x{%X}-\\x{%X}", b.lo, b.hi);
        if (in_class && c == 'p') return std::string(buf);
        return std::string(c == 'p' ? "[" : "[^") + buf + "]";
      }
      return std::nullopt;
    }
    // XML name-character escapes have no PCRE2 equivalent; approximate with word classes.
    if (c == 'i' || c == 'c') { ++i_; return std::string(in_class ? "\\w:_" : "[\\w:_]"); }
    if (c == 'I' || c == 'C') { ++i_; return std::string(in_class ? "\\W" : "[^\\w:_]"); }
    static const std::string_view allowed = "nrt\\|.?*+(){}-[]^$sSdDwWpP";
    if (allowed.find(c) == std::string_view::npos) return std::nullopt;
    ++i_;
    return std::string("\\") + c;
  }

  // A class `[...]`, possibly with a subtraction `-[...]` at its end.
  std::optional<std::string> char_class() {
    ++i_;  // '['
    bool negated = i_ < p_.size() && p_[i_] == '^';
    if (negated) ++i_;
    std::string body;
    bool first = true;
    while (i_ < p_.size()) {
      char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        return std::string(negated ? "[^" : "[") + body + "]";
      }
      if (c == '-' && i_ + 1 < p_.size() && p_[i_ + 1] == '[') {
        ++i_;
        auto sub = char_class();
        if (!sub || i_ >= p_.size() || p_[i_] != ']') return std::nullopt;
        ++i_;
        return "(?:(?!" + *sub + ")" + std::string(negated ? "[^" : "[") + body + "])";
      }
      if (c == '\\') {
        auto e = escape(true);
        if (!e) return std::nullopt;
        body += *e;
      } else if (c == '[') {
        body += "\\[";
        ++i_;
      } else {
        body += c;
        ++i_;
      }
      first = false;
    }
    return std::nullopt;
  }
};

std::string strip_whitespace(std::string_view p) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size() && !std::isspace(static_cast<unsigned char>(p[i + 1]))) {
      out += c;
      out += p[++i];
      continue;
    }
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) continue;
    out += c;
  }
  return out;
}

struct MatchData {
  pcre2_match_data* md;
  explicit MatchData(const pcre2_code* re) : md(pcre2_match_data_create_from_pattern(re, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(md); }
};

}  // namespace

std::optional<XPathRegex> XPathRegex::compile(std::string_view pattern, std::string_view flags) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  bool x = false, q = false;
  for (char f : flags) {
    switch (f) {
      case 's': options |= PCRE2_DOTALL; break;
      case 'm': options |= PCRE2_MULTILINE; options &= ~PCRE2_DOLLAR_ENDONLY; break;
      case 'i': options |= PCRE2_CASELESS; break;
      case 'x': x = true; break;
      case 'q': q = true; break;
      default: return std::nullopt;
    }
  }
  std::string translated;
  if (q) {
    options |= PCRE2_LITERAL;
    options &= ~(PCRE2_UCP | PCRE2_DOLLAR_ENDONLY);
    translated = std::string(pattern);
  } else {
    auto t = Translator(x ? strip_whitespace(pattern) : std::string(pattern)).run();
    if (!t) return std::nullopt;
    translated = *t;
  }
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
  int err = 0;
  PCRE2_SIZE off = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options, &err,
                                 &off, cc);
  pcre2_compile_context_free(cc);
  if (!re) return std::nullopt;
  XPathRegex r;
  r.code_ = std::make_shared<Code>();
  r.code_->re = re;
  return r;
}

bool XPathRegex::search(std::string_view s) const {
  MatchData m(code_->re);
  return pcre2_match(code_->re, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, m.md, nullptr) >= 0;
}

bool XPathRegex::matches_empty() const {
  MatchData m(code_->re);
  return pcre2_match(code_->re, reinterpret_cast<PCRE2_SPTR>(""), 0, 0, 0, m.md, nullptr) >= 0;
}

std::optional<std::string> XPathRegex::replace(std::string_view s, std::string_view rep) const {
  if (matches_empty()) return std::nullopt;
  uint32_t groups = 0;
  pcre2_pattern_info(code_->re, PCRE2_INFO_CAPTURECOUNT, &groups);
  // Validate the replacement once.
  for (size_t i = 0; i < rep.size(); ++i) {
    if (rep[i] == '\\') {
      if (i + 1 >= rep.size() || (rep[i + 1] != '\\' && rep[i + 1] != '$')) return std::nullopt;
      ++i;
    } else if (rep[i] == '$' && (i + 1 >= rep.size() || !std::isdigit(static_cast<unsigned char>(rep[i + 1])))) {
      return std::nullopt;
    }
  }
  MatchData m(code_->re);
  std::string out;
  size_t pos = 0;
  while (pos <= s.size()) {
    int rc = pcre2_match(code_->re, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), pos, 0, m.md, nullptr);
    if (rc < 0) break;
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m.md);
    out.append(s.substr(pos, ov[0] - pos));
    for (size_t i = 0; i < rep.size(); ++i) {
      if (rep[i] == '\\') {
        out += rep[++i];
      } else if (rep[i] == '$') {
        // The longest group number that exists (XPath: "$10" is group 1 then "0" when
        // there are fewer than 10 groups).
        size_t j = i + 1;
        uint32_t g = 0;
        while (j < rep.size() && std::isdigit(static_cast<unsigned char>(rep[j]))) {
          uint32_t next = g * 10 + static_cast<uint32_t>(rep[j] - '0');
          if (j > i + 1 && next > groups) break;
          g = next;
          ++j;
        }
        if (g <= groups && static_cast<int>(g) < rc && ov[2 * g] != PCRE2_UNSET)
          out.append(s.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
        i = j - 1;
      } else {
        out += rep[i];
      }
    }
    pos = ov[1];
  }
  if (pos < s.size()) out.append(s.substr(pos));
  return out;
}

std::vector<std::string> XPathRegex::split(std::string_view s) const {
  std::vector<std::string> out;
  MatchData m(code_->re);
  size_t pos = 0, search = 0;
  while (search <= s.size()) {
    int rc = pcre2_match(code_->re, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), search, 0, m.md, nullptr);
    if (rc < 0) break;
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m.md);
    if (ov[1] == ov[0]) {  // empty matches do not split
      search = ov[1] + 1;
      continue;
    }
    out.emplace_back(s.substr(pos, ov[0] - pos));
    pos = search = ov[1];
  }
  out.emplace_back(s.substr(pos));
  return out;
}

}  // namespace dpc::feel
