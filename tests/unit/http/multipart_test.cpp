// multipart/form-data parsing: boundaries, part headers, binary bodies and malformed input.
#include <gtest/gtest.h>

#include "dpc/http/multipart.h"

using dpc::ErrorKind;
using dpc::http::multipart_boundary;
using dpc::http::parse_multipart;

namespace {

const char* kType = "multipart/form-data; boundary=XyZ";

TEST(MultipartTest, BoundaryFromContentType) {
  EXPECT_EQ(*multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*multipart_boundary("Multipart/Form-Data;boundary=\"a b;c\""), "a b;c");
  EXPECT_EQ(*multipart_boundary("multipart/form-data; charset=utf-8; boundary=----x1"), "----x1");
}

TEST(MultipartTest, NotMultipartIs415) {
  auto r = multipart_boundary("application/json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnsupportedMedia);
  auto empty = parse_multipart("", "--XyZ--");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kUnsupportedMedia);
}

TEST(MultipartTest, MissingBoundaryIs400) {
  auto r = multipart_boundary("multipart/form-data");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(r.error().message.find("boundary"), std::string::npos);
}

TEST(MultipartTest, TextFieldsAndFiles) {
  std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"deployment-name\"\r\n\r\n"
      "invoice\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"data\"; filename=\"invoice.bpmn\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n"
      "<xml>\r\nline two</xml>\r\n"
      "--XyZ--\r\n";
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "deployment-name");
  EXPECT_FALSE((*parts)[0].has_filename);
  EXPECT_EQ((*parts)[0].body, "invoice");
  EXPECT_EQ((*parts)[1].name, "data");
  EXPECT_TRUE((*parts)[1].has_filename);
  EXPECT_EQ((*parts)[1].filename, "invoice.bpmn");
  EXPECT_EQ((*parts)[1].content_type, "application/octet-stream");
  EXPECT_EQ((*parts)[1].body, "<xml>\r\nline two</xml>");
}

TEST(MultipartTest, BinaryBodyWithNulBytesAndPreamble) {
  std::string payload("a\0b\r\n--Xy\xff", 10);
  std::string body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n" +
                     payload + "\r\n--XyZ--";
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, payload);
}

TEST(MultipartTest, EmptyFormHasNoParts) {
  auto parts = parse_multipart(kType, "--XyZ--\r\n");
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(parts->empty());
}

TEST(MultipartTest, MalformedBodiesAre400) {
  for (const char* body : {
           "",                                                         // no boundary at all
           "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",  // not closed
           "--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--",       // no name
           "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--",             // no disposition
           "--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--",                        // bad header
           "--XyZ\r\nContent-Disposition: form-data; name=\"a\"",               // headers not ended
       }) {
    auto parts = parse_multipart(kType, body);
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.error().kind, ErrorKind::kInvalidArgument) << body;
  }
}

}  // namespace
