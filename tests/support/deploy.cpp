#include "deploy.h"

#include <ctime>

namespace dpc::test {

std::string multipart(const std::vector<Part>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += "--" + kMultipartBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) {
      out += "; filename=\"" + p.filename + "\"\r\nContent-Type: application/octet-stream";
    }
    out += "\r\n\r\n" + p.body + "\r\n";
  }
  return out + "--" + kMultipartBoundary + "--\r\n";
}

HttpResponse deploy(int port, const std::vector<Part>& parts) {
  return http_request(port, "POST", "/engine-rest/deployment/create", multipart(parts),
                      {{"Content-Type", "multipart/form-data; boundary=" + kMultipartBoundary}});
}

HttpResponse deploy_resource(int port, const std::string& name, const std::string& filename,
                             const std::string& content) {
  return deploy(port, {{"deployment-name", "", name}, {"data", filename, content}});
}

std::string iso_utc(std::int64_t millis) {
  std::time_t t = millis / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace dpc::test
