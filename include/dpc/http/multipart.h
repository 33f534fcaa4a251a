// multipart/form-data (RFC 7578) as browsers, curl and the Camunda Modeler send it: the
// boundary from the Content-Type header, then parts with their Content-Disposition name and
// filename, their own Content-Type and their body bytes (binary-safe).
//
// Errors are values: kUnsupportedMedia (415) when the content type is not
// multipart/form-data, kInvalidArgument (400) with a message saying what is wrong for a
// missing boundary or a malformed body. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::http {

struct MultipartPart {
  std::string name;          // the form field name
  std::string filename;      // empty when the part has none (a plain text field)
  bool has_filename = false;
  std::string content_type;  // empty when the part does not say
  std::string body;
};

// The boundary parameter of a multipart/form-data Content-Type (quotes removed).
Result<std::string> multipart_boundary(std::string_view content_type);

// Parses a whole multipart/form-data body.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                   std::string_view body);

}  // namespace dpc::http
