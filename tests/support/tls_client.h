// A blocking HTTPS/1.1 client for tests (OpenSSL), and self-signed certificates: real TLS
// handshakes against the server, the way any outside client does them.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "http_client.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX and SSL
struct ssl_st;

namespace dpc::test {

// Writes a fresh self-signed certificate for localhost and 127.0.0.1 (PEM) and its private
// key, with the openssl command. False (the command's output in *error) on failure.
bool make_self_signed_certificate(const std::string& cert_file, const std::string& key_file,
                                  std::string* error);

// A keep-alive TLS connection to 127.0.0.1:port that trusts only the certificate in
// `ca_file` and checks that it names 127.0.0.1. `max_version`: the newest protocol the
// client offers (an OpenSSL TLS1_x_VERSION; 0 = any); older ones are then allowed too.
class TlsConnection {
 public:
  TlsConnection(int port, const std::string& ca_file, int max_version = 0);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  bool connected() const { return ssl_ != nullptr; }
  const std::string& error() const { return error_; }  // why the handshake failed
  std::string protocol() const;                        // "TLSv1.3", once connected
  // Status 0 when not connected or the server closed the connection.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});

 private:
  int fd_ = -1;
  ::ssl_ctx_st* ctx_ = nullptr;
  ::ssl_st* ssl_ = nullptr;
  std::string error_;
  std::string buffer_;
};

// One request on a fresh TLS connection.
HttpResponse https_request(int port, const std::string& ca_file, const std::string& method,
                           const std::string& target, const std::string& body = "",
                           const std::map<std::string, std::string>& headers = {});

}  // namespace dpc::test
