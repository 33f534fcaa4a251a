// FEEL tokenizer.
#include "dpc/feel/lexer.h"

namespace dpc::feel {

bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_name_part(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '\''; }

namespace {
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex(std::string_view s, size_t& i, int n, uint32_t& out) {
  out = 0;
  for (int k = 0; k < n; ++k) {
    if (i >= s.size() || hexval(s[i]) < 0) return false;
    out = out * 16 + static_cast<uint32_t>(hexval(s[i++]));
  }
  return true;
}
}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto error = [&](std::string msg) {
    out.push_back({TokenKind::kError, std::move(msg), i, i});
    return out;
  };
  while (true) {
    while (i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0) { ++i; continue; }
      if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { i += 2; continue; }
      if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
        while (i < s.size() && s[i] != '\n') ++i;
        continue;
      }
      if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
        size_t e = s.find("*/", i + 2);
        i = e == std::string_view::npos ? s.size() : e + 2;
        continue;
      }
      break;
    }
    if (i >= s.size()) break;
    size_t start = i;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i + 1 < s.size() && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
        if (j < s.size() && s[j] >= '0' && s[j] <= '9') {
          i = j;
          while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        }
      }
      out.push_back({TokenKind::kNumber, std::string(s.substr(start, i - start)), start, i});
      continue;
    }
    if (c == '"') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char ch = s[i];
        if (ch == '"') { closed = true; ++i; break; }
        if (ch == '\\' && i + 1 < s.size()) {
          char e = s[i + 1];
          i += 2;
          switch (e) {
            case 'n': text += '\n'; break;
            case 't': text += '\t'; break;
            case 'r': text += '\r'; break;
            case 'b': text += '\b'; break;
            case 'f': text += '\f'; break;
            case '"': text += '"'; break;
            case '\'': text += '\''; break;
            case '\\': text += '\\'; break;
            case 'u': {
              uint32_t cp;
              if (!read_hex(s, i, 4, cp)) return error("bad \\u escape");
              if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
                size_t j = i + 2;
                uint32_t lo;
                if (read_hex(s, j, 4, lo) && lo >= 0xDC00 && lo < 0xE000) {
                  cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                  i = j;
                }
              }
              append_utf8(text, cp);
              break;
            }
            case 'U': {
              uint32_t cp;
              if (!read_hex(s, i, 6, cp)) return error("bad \\U escape");
              append_utf8(text, cp);
              break;
            }
            default: text += '\\'; text += e;
          }
          continue;
        }
        text += ch;
        ++i;
      }
      if (!closed) return error("unterminated string");
      out.push_back({TokenKind::kString, std::move(text), start, i});
      continue;
    }
    if (is_name_start(c)) {
      while (i < s.size() && is_name_part(static_cast<unsigned char>(s[i]))) ++i;
      out.push_back({TokenKind::kName, std::string(s.substr(start, i - start)), start, i});
      continue;
    }
    static const char* two[] = {"**", "!=", "<=", ">=", "..", "->"};
    bool matched = false;
    for (const char* t : two) {
      if (s.substr(i, 2) == t) {
        out.push_back({TokenKind::kPunct, t, start, i + 2});
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string_view("()[]{},:.+-*/=<>@?`").find(static_cast<char>(c)) != std::string_view::npos) {
      if (c == '`') {
        size_t e = s.find('`', i + 1);
        if (e == std::string_view::npos) return error("unterminated `name`");
        out.push_back({TokenKind::kName, std::string(s.substr(i + 1, e - i - 1)), start, e + 1});
        i = e + 1;
        continue;
      }
      out.push_back({TokenKind::kPunct, std::string(1, static_cast<char>(c)), start, i + 1});
      ++i;
      continue;
    }
    return error(std::string("unexpected character '") + static_cast<char>(c) + "'");
  }
  out.push_back({TokenKind::kEnd, "", s.size(), s.size()});
  return out;
}

}  // namespace dpc::feel
