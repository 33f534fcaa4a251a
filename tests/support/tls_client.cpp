#include "tls_client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>

namespace dpc::test {

bool make_self_signed_certificate(const std::string& cert_file, const std::string& key_file,
                                  std::string* error) {
  std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                        " -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
                        " -keyout '" + key_file + "' -out '" + cert_file + "' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (!p) {
    *error = "cannot run openssl";
    return false;
  }
  char buf[512];
  error->clear();
  while (fgets(buf, sizeof buf, p)) error->append(buf);
  return pclose(p) == 0;
}

namespace {

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += std::string(out.empty() ? "" : "; ") + buf;
  }
  return out.empty() ? "connection closed" : out;
}

}  // namespace

TlsConnection::TlsConnection(int port, const std::string& ca_file, int max_version) {
  fd_ = connect_to(port);
  if (fd_ < 0) {
    error_ = "connection refused";
    return;
  }
  ctx_ = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
    error_ = "cannot load " + ca_file + ": " + openssl_errors();
    return;
  }
  if (max_version != 0) {
    // Offer old protocols too, which the client's own defaults would refuse.
    SSL_CTX_set_security_level(ctx_, 0);
    SSL_CTX_set_cipher_list(ctx_, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx_, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx_, max_version);
  }
  SSL* ssl = SSL_new(ctx_);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1");
  SSL_set_fd(ssl, fd_);
  if (SSL_connect(ssl) != 1) {
    error_ = openssl_errors();
    SSL_free(ssl);
    return;
  }
  ssl_ = ssl;
}

TlsConnection::~TlsConnection() {
  if (ssl_) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
  if (ctx_) SSL_CTX_free(ctx_);
  if (fd_ >= 0) close(fd_);
}

std::string TlsConnection::protocol() const { return ssl_ ? SSL_get_version(ssl_) : ""; }

HttpResponse TlsConnection::request(const std::string& method, const std::string& target,
                                    const std::string& body,
                                    const std::map<std::string, std::string>& headers) {
  if (!ssl_) return {};
  std::string text = format_request(method, target, body, headers, false);
  size_t written = 0;
  if (SSL_write_ex(ssl_, text.data(), text.size(), &written) != 1 || written != text.size()) return {};
  return read_response(buffer_, [this](char* into, size_t size) -> long {
    size_t n = 0;
    return SSL_read_ex(ssl_, into, size, &n) == 1 ? static_cast<long>(n) : -1;
  });
}

HttpResponse https_request(int port, const std::string& ca_file, const std::string& method,
                           const std::string& target, const std::string& body,
                           const std::map<std::string, std::string>& headers) {
  TlsConnection c(port, ca_file);
  return c.request(method, target, body, headers);
}

}  // namespace dpc::test
