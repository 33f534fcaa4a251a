// XPath/XSD regular expressions (as FEEL's matches, replace and split use them) on PCRE2.
// The pattern is translated first: flag `x` strips whitespace outside character classes,
// `\p{IsBlock}` becomes the block's code-point range, class subtraction `[a-z-[aeiou]]`
// becomes a look-ahead, and constructs XPath forbids (`\0`, back-references inside a
// class) are rejected. Compiled objects are immutable and thread-safe to share.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpc::feel {

class XPathRegex {
 public:
  // nullopt for an invalid pattern or flags (flags are a string of s, m, i, x, q).
  static std::optional<XPathRegex> compile(std::string_view pattern, std::string_view flags);
  bool matches_empty() const;
  bool search(std::string_view subject) const;
  // XPath replace: `$N` inserts group N, `\$` and `\\` are literal; nullopt for a bad
  // replacement string or a pattern that matches the empty string.
  std::optional<std::string> replace(std::string_view subject, std::string_view replacement) const;
  // XPath tokenize: the pieces between matches (leading and trailing empty pieces kept).
  std::vector<std::string> split(std::string_view subject) const;

 private:
  struct Code;
  std::shared_ptr<Code> code_;
};

}  // namespace dpc::feel
