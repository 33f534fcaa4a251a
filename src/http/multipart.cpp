#include "dpc/http/multipart.h"

#include "dpc/core/strings.h"

namespace dpc::http {

namespace {

Error bad(const std::string& why) {
  return Error::invalid("Malformed multipart/form-data body: " + why);
}

// The value of `param` in a header value such as `form-data; name="x"; filename="a b.bpmn"`.
// Quoted values may contain ';' and backslash-escaped quotes. Empty with found=false if absent.
std::string header_param(std::string_view value, std::string_view param, bool& found) {
  found = false;
  size_t pos = value.find(';');
  while (pos != std::string_view::npos && pos < value.size()) {
    ++pos;
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == '\t')) ++pos;
    size_t eq = value.find('=', pos);
    if (eq == std::string_view::npos) return {};
    std::string name = to_lower(trim(value.substr(pos, eq - pos)));
    size_t v = eq + 1;
    while (v < value.size() && value[v] == ' ') ++v;
    std::string out;
    size_t end = v;
    if (v < value.size() && value[v] == '"') {
      end = v + 1;
      while (end < value.size() && value[end] != '"') {
        if (value[end] == '\\' && end + 1 < value.size()) ++end;
        out.push_back(value[end]);
        ++end;
      }
      end = value.find(';', end);
    } else {
      end = value.find(';', v);
      out = std::string(trim(value.substr(v, end == std::string_view::npos ? end : end - v)));
    }
    if (name == to_lower(param)) {
      found = true;
      return out;
    }
    pos = end;
  }
  return {};
}

// Parses the header block of one part (lines separated by CRLF).
Status read_part_headers(std::string_view block, MultipartPart& part) {
  bool disposition = false;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t eol = block.find("\r\n", pos);
    std::string_view line = block.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    pos = eol == std::string_view::npos ? block.size() : eol + 2;
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bad("part header without ':'");
    std::string name = to_lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (!iequals(trim(value.substr(0, value.find(';'))), "form-data")) {
        return bad("part disposition is not form-data");
      }
      bool found = false;
      part.name = header_param(value, "name", found);
      if (!found) return bad("part without a name in Content-Disposition");
      part.filename = header_param(value, "filename", part.has_filename);
      disposition = true;
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!disposition) return bad("part without Content-Disposition");
  return {};
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  if (!iequals(media, "multipart/form-data")) {
    return Error{ErrorKind::kUnsupportedMedia,
                 "Expected Content-Type multipart/form-data, got '" + std::string(content_type) + "'",
                 "RestException"};
  }
  bool found = false;
  std::string boundary = header_param(content_type, "boundary", found);
  if (!found || boundary.empty()) return Error::invalid("multipart/form-data without a boundary");
  if (boundary.size() > 200) return Error::invalid("multipart boundary longer than 200 characters");
  return boundary;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                   std::string_view body) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) return boundary.error();
  const std::string dash = "--" + *boundary;
  const std::string delimiter = "\r\n" + dash;

  // The first delimiter may open the body directly or follow a preamble.
  size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    size_t first = body.find(delimiter);
    if (first == std::string_view::npos) return bad("boundary '" + *boundary + "' not found");
    pos = first + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding after the delimiter, then CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return bad("expected CRLF after the boundary");
    pos += 2;
    MultipartPart part;
    size_t headers_end;
    if (body.substr(pos, 2) == "\r\n") {
      headers_end = pos;  // no headers at all
    } else {
      headers_end = body.find("\r\n\r\n", pos);
      if (headers_end == std::string_view::npos) return bad("part headers are not terminated");
    }
    if (auto st = read_part_headers(body.substr(pos, headers_end - pos), part); !st) {
      return st.error();
    }
    size_t content = headers_end + (headers_end == pos ? 2 : 4);
    size_t next = body.find(delimiter, content);
    if (next == std::string_view::npos) return bad("missing closing boundary");
    part.body = std::string(body.substr(content, next - content));
    parts.push_back(std::move(part));
    pos = next + delimiter.size();
  }
}

}  // namespace dpc::http
