#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <functional>

namespace dpc::test {

int connect_to(int port, int receive_buffer) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

HttpResponse read_response(std::string& buffer, const std::function<long(char*, size_t)>& receive) {
  HttpResponse r;
  char chunk[65536];
  size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    long n = receive(chunk, sizeof chunk);
    if (n <= 0) return r;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buffer.substr(0, header_end);
  buffer.erase(0, header_end + 4);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  r.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[lower(line.substr(0, colon))] = value;
    }
    pos = end + 2;
  }
  size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
  while (buffer.size() < length) {
    long n = receive(chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  r.body = buffer.substr(0, length);
  buffer.erase(0, std::min(length, buffer.size()));
  return r;
}

std::string format_request(const std::string& method, const std::string& target,
                           const std::string& body,
                           const std::map<std::string, std::string>& headers, bool close) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool own_authorization = false;
  for (const auto& [k, v] : headers) {
    if (lower(k) == "authorization") {
      own_authorization = true;
      if (v.empty()) continue;
    }
    req += k + ": " + v + "\r\n";
  }
  if (!own_authorization) req += "Authorization: " + default_authorization() + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (close) req += "Connection: close\r\n";
  return req + "\r\n" + body;
}

namespace {

HttpResponse read_socket_response(int fd, std::string& buffer) {
  return read_response(buffer, [fd](char* into, size_t size) { return recv(fd, into, size, 0); });
}

}  // namespace

std::string basic_auth(const std::string& user, const std::string& password) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string in = user + ":" + password, out;
  for (size_t i = 0; i < in.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? alphabet[n & 63] : '=';
  }
  return "Basic " + out;
}

std::string default_authorization() {
  static const std::string header = basic_auth(kTestAdminUser, kTestAdminPassword);
  return header;
}

HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::string& body,
                          const std::map<std::string, std::string>& headers) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  std::string buffer;
  HttpResponse r;
  if (send_all(fd, format_request(method, target, body, headers, true))) {
    r = read_socket_response(fd, buffer);
  }
  close(fd);
  return r;
}

HttpConnection::HttpConnection(int port) : fd_(connect_to(port)) {}
HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

HttpResponse HttpConnection::request(const std::string& method, const std::string& target,
                                     const std::string& body,
                                     const std::map<std::string, std::string>& headers) {
  if (fd_ < 0 || !send_all(fd_, format_request(method, target, body, headers, false))) return {};
  return read_socket_response(fd_, buffer_);
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace dpc::test
