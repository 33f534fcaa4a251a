// Deployments over REST for tests and benchmarks: multipart/form-data bodies and
// POST /engine-rest/deployment/create.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http_client.h"

namespace dpc::test {

// One form field; with a filename it is a file part (a deployment resource).
struct Part {
  std::string name, filename, body;
};

inline const std::string kMultipartBoundary = "----dpcTestBoundary7MA4YWxkTrZu0gW";

// A multipart/form-data body of `parts`, delimited by kMultipartBoundary.
std::string multipart(const std::vector<Part>& parts);

// POST /engine-rest/deployment/create with `parts`.
HttpResponse deploy(int port, const std::vector<Part>& parts);

// Deploys one resource `filename` holding `content` as deployment `name`.
HttpResponse deploy_resource(int port, const std::string& name, const std::string& filename,
                             const std::string& content);

// `millis` since the epoch as an ISO 8601 UTC date-time (2026-11-23T10:15:30Z), for a
// timer's timeDate in a test model.
std::string iso_utc(std::int64_t millis);

}  // namespace dpc::test
