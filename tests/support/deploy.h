// Deployments over REST for tests and benchmarks: multipart/form-data bodies and
// POST /engine-rest/deployment/create.
#pragma once

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

}  // namespace dpc::test
