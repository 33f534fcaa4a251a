// A minimal blocking HTTP/1.1 client for tests: real sockets, no Beast, so the tests talk
// to the server the way any outside client does.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace dpc::test {

struct HttpResponse {
  int status = 0;  // 0 = no response (connection failed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// The test administrator that every server started by these helpers creates on its first
// start (DPC_ADMIN_USER / DPC_ADMIN_PASSWORD), a member of camunda-admin.
inline constexpr const char* kTestAdminUser = "dpc-test-admin";
inline constexpr const char* kTestAdminPassword = "Test-admin-password-1";
// "Basic ..." for a user id and password.
std::string basic_auth(const std::string& user, const std::string& password);
// The header every request below sends unless the caller passes an "Authorization" header
// of its own (any case); an empty value sends no Authorization header at all (anonymous).
std::string default_authorization();

// One request on a fresh connection to 127.0.0.1:port.
HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::string& body = "",
                          const std::map<std::string, std::string>& headers = {});

// A keep-alive connection that sends several requests in turn.
class HttpConnection {
 public:
  explicit HttpConnection(int port);
  ~HttpConnection();
  bool connected() const { return fd_ >= 0; }
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});

 private:
  int fd_ = -1;
  std::string buffer_;
};

// For other transports (tls_client.h): the text of a request (`close`: Connection: close),
// and one response read through `receive` (recv-like: bytes read, 0 or less when closed),
// keeping surplus bytes in `buffer`; status 0 when the connection ends before a response.
std::string format_request(const std::string& method, const std::string& target,
                           const std::string& body,
                           const std::map<std::string, std::string>& headers, bool close);
HttpResponse read_response(std::string& buffer, const std::function<long(char*, size_t)>& receive);

// A TCP connection to 127.0.0.1:port (-1 if refused) whose reads give up after 30 s;
// `receive_buffer` > 0 sets SO_RCVBUF first. For tests that speak raw bytes.
int connect_to(int port, int receive_buffer = 0);

// A TCP port that was free a moment ago.
int free_port();

}  // namespace dpc::test
