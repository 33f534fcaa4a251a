// Listener and sessions in the style of Beast's advanced_server example: `listener` only
// accepts, `session` pairs each async step as do_x/on_x.
//
// Threads: every request thread runs an io_context of its own, and each connection lives on
// one of them (the one with the fewest connections when it was accepted). Handlers run on the
// thread that read the request; only requests that may wait long (long polling) run on a
// worker pool, their responses posted back to the session's thread. One shared io_context
// run by all request threads cost a condition-variable wake-up per handler and strand hop,
// over a quarter of dpc's CPU in the engine benchmark; a single-threaded context needs no
// strand and wakes nobody. The price: a slow handler delays the other connections of its
// thread, so the default is several request threads (see ServerOptions). A handler may also
// answer later from another thread (Deferred, message.h): starts are answered by the group
// commit's writer thread once committed, which writes the answer itself (write_from_here),
// so the request thread never sleeps waiting for the database.
//
// TLS: the session is a template on its stream (a plain tcp_stream or an ssl_stream over
// one), so both share one copy of the logic and the plain path pays nothing for TLS. With
// TLS the answer from another thread cannot be a raw send() on the socket (that would be
// plaintext, and the TLS stream's state belongs to the session's thread): it is posted to
// the session's thread and written through the stream, at the cost of one wake-up.
#include "dpc/http/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <condition_variable>
#include <fstream>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include "dpc/core/strings.h"
#include "dpc/http/cors.h"
#include "dpc/http/query.h"
#include "dpc/http/rate_limiter.h"
#include "dpc/http/static_files.h"
#include "dpc/http/stream.h"

namespace dpc::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;  // request line and headers

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  Cors cors;
  std::optional<ssl::context> tls;  // set: every connection speaks TLS
  // A connection whose deadline a loop's sweep checks.
  struct Timed {
    virtual ~Timed() = default;
    virtual void expire_if_due(std::chrono::steady_clock::time_point now) = 0;
  };
  // One per request thread; the acceptor lives on the first.
  struct Loop {
    std::atomic<int> sessions{0};  // declared first: sessions still alive in ioc end after it
    asio::io_context ioc{1};       // concurrency hint: run by one thread
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;
    // Read, idle and write timeouts: one timer per loop sweeps its connections once a
    // second, instead of a timer armed and cancelled around every read and write (two
    // timerfd_settime calls per request, about a tenth of dpc's CPU per start).
    std::vector<std::weak_ptr<Timed>> timed;  // touched on the loop's thread only
    asio::steady_timer sweeper{ioc};
    void sweep() {
      sweeper.expires_after(std::chrono::seconds(1));
      sweeper.async_wait([this](beast::error_code ec) {
        if (ec) return;
        auto now = std::chrono::steady_clock::now();
        size_t kept = 0;
        for (size_t i = 0; i < timed.size(); ++i) {
          if (auto t = timed[i].lock()) {
            t->expire_if_due(now);
            if (kept != i) timed[kept] = std::move(timed[i]);  // never onto itself: that empties it
            ++kept;
          }
        }
        timed.resize(kept);
        sweep();
      });
    }
  };
  std::vector<std::unique_ptr<Loop>> loops;
  std::unique_ptr<asio::thread_pool> workers;
  std::optional<tcp::acceptor> acceptor;
  std::atomic<int> in_flight{0};
  // Open streams (server-sent events): stop() ends them first, they do not count in flight.
  std::mutex streams_mu;
  std::vector<std::weak_ptr<Stream>> streams;
  void add_stream(const std::shared_ptr<Stream>& s) {
    std::lock_guard lock(streams_mu);
    std::erase_if(streams, [](const std::weak_ptr<Stream>& w) { return w.expired(); });
    streams.push_back(s);
  }
  std::mutex mu;
  std::condition_variable idle;
  bool stopped = false;
  uint16_t bound_port = 0;

  Impl(ServerOptions o, const Router& r)
      : options(std::move(o)), router(r), cors(options.cors_origins) {}

  // Builds the response for a request. Runs on a worker thread; never throws.
  Response handle(Request& req);
  void request_done() {
    if (in_flight.fetch_sub(1) == 1) {
      std::lock_guard lock(mu);
      idle.notify_all();
    }
  }
  void do_accept();
  Loop& least_busy_loop() {
    Loop* best = loops.front().get();
    for (auto& l : loops) {
      if (l->sessions.load(std::memory_order_relaxed) < best->sessions.load(std::memory_order_relaxed)) best = l.get();
    }
    return *best;
  }
};

namespace {

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool is_api_path(std::string_view path) {
  return path.starts_with("/engine-rest") || path.starts_with("/api/") || path == "/api" ||
         path == "/health";
}

// Content-Security-Policy of the web app's files: bpmn-js needs inline styles and data:
// images; everything else from dpc itself.
constexpr const char* kWebAppPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'";
// Of JSON answers: nothing may load from them, nothing may frame them.
constexpr const char* kApiPolicy = "default-src 'none'; frame-ancestors 'none'";

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection. `Stream`: PlainStream or TlsStream.
template <class Stream>
class Session : public Server::Impl::Timed, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // `stream_args`: the accepted socket, and for TLS the context.
  template <class... StreamArgs>
  Session(Server::Impl& server, Server::Impl::Loop& loop, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...), server_(server), loop_(loop) {
    loop_.sessions.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    if (out_) out_->finish();  // e.g. the server stopped with the stream open
    loop_.sessions.fetch_sub(1, std::memory_order_relaxed);
  }

  void run() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      self->loop_.timed.push_back(self);
      if constexpr (kTls) {
        self->do_handshake();
      } else {
        self->do_read();
      }
    });
  }

  // The loop's sweep: a read or write past its deadline closes the connection (the pending
  // operation ends with operation_aborted, see on_read and on_write).
  void expire_if_due(std::chrono::steady_clock::time_point now) override {
    if (out_ && !stream_ended_ && now - last_stream_write_ >= out_->options().keepalive) {
      last_stream_write_ = now;  // the write itself happens through the queue
      out_->push(out_->options().keepalive_chunk);
    }
    if (now.time_since_epoch().count() < deadline_.load(std::memory_order_relaxed)) return;
    deadline_ = kNoDeadline;
    beast::error_code ec;
    socket().close(ec);
  }

 private:
  tcp::socket& socket() { return beast::get_lowest_layer(stream_).socket(); }

  // The client's IP address (an IPv4-mapped IPv6 address as plain IPv4), read once.
  const std::string& peer_address() {
    if (peer_.empty()) {
      beast::error_code ec;
      auto endpoint = socket().remote_endpoint(ec);
      if (!ec) {
        auto a = endpoint.address();
        if (a.is_v6() && a.to_v6().is_v4_mapped()) a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
        peer_ = a.to_string();
      }
    }
    return peer_;
  }

  // TLS: the handshake has the read timeout of a first request.
  void do_handshake() {
    set_deadline(server_.options.read_timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              if (ec) return self->do_close();  // not TLS, or a bad client
                              self->handshake_done_ = true;
                              self->do_read();
                            });
  }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    set_deadline(first_request_ ? server_.options.read_timeout : server_.options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    first_request_ = false;
    deadline_ = kNoDeadline;  // the handler may take its time
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted) {
      return do_close();
    }
    if (ec == bhttp::error::body_limit) {
      Response r = error_response(
          Error{ErrorKind::kTooLarge,
                "Request body exceeds the limit of " +
                    std::to_string(server_.options.max_body_bytes) + " bytes",
                "RestException"});
      keep_alive_ = false;
      return send(std::move(r), sv(parser_->get().method_string()), sv(parser_->get().target()),
                  std::chrono::steady_clock::now());
    }
    if (ec == bhttp::error::header_limit) {  // e.g. a target of 100 KB: answered, not dropped
      Response r = error_response(Error{ErrorKind::kTooLarge,
                                        "Request line and headers exceed the limit of " +
                                            std::to_string(kHeaderLimit) + " bytes",
                                        "RestException"});
      r.status = 431;
      keep_alive_ = false;
      return send(std::move(r), "", "", std::chrono::steady_clock::now());
    }
    if (ec) return do_close();  // timeout, reset, malformed request line: nothing to answer

    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    auto started = std::chrono::steady_clock::now();
    auto req = std::make_shared<Request>();
    req->method = parse_method(sv(msg.method_string()));
    req->target = std::string(msg.target());
    split_target(req->target, req->path, req->query);
    for (const auto& field : msg) {
      req->headers[to_lower(sv(field.name_string()))] = std::string(sv(field.value()));
    }
    req->headers[std::string(kPeerAddressHeader)] = peer_address();  // for the rate limiter
    req->body = std::move(msg.body());

    server_.in_flight.fetch_add(1);
    if (!may_wait_long(req->path)) {
      // Most requests: handled right here on the session's request thread, and the answer
      // written at once. Handing each request to another thread and the answer back cost two
      // thread switches per request, a third of dpc's CPU in the engine benchmark.
      answer(server_.handle(*req), req, started);
      return;
    }
    asio::post(*server_.workers, [self = this->shared_from_this(), req, started] {
      Response r = self->server_.handle(*req);
      asio::post(self->stream_.get_executor(), [self, req, started, r = std::move(r)]() mutable {
        self->answer(std::move(r), req, started);
      });
    });
  }

  // Writes the answer to a request counted in flight, or, for a deferred one (see Deferred),
  // once it is complete: on this thread if it completes here, else on the thread that
  // completes it (write_from_here).
  void answer(Response r, const std::shared_ptr<Request>& req,
              std::chrono::steady_clock::time_point started) {
    if (r.stream) {
      server_.cors.add_headers(*req, r);
      return start_stream(std::move(r), req, started);
    }
    if (!r.deferred) {
      server_.cors.add_headers(*req, r);
      return send(std::move(r), method_name(req->method), req->target, started, true);
    }
    auto deferred = std::move(r.deferred);
    deferred->on_complete([self = this->shared_from_this(), req, started](Response res) {
      self->server_.cors.add_headers(*req, res);
      if (self->loop_.ioc.get_executor().running_in_this_thread()) {
        self->send(std::move(res), method_name(req->method), req->target, started, true);
      } else {
        self->write_from_here(std::move(res), req, started);
      }
    });
  }

  // Writes an answer completed on another thread (the group commit's writer) from that
  // thread, then starts reading the next request (its handler runs on the session's own
  // thread). Safe because the session is idle meanwhile: no read or write is under way and
  // its thread does not touch it until that read completes. Posting the answer to the
  // session's thread instead would wake that thread once more per request. The write never
  // blocks the writer: what the socket does not take at once (a client that stops reading)
  // goes out from the session's thread. With TLS the answer goes to the session's thread
  // instead: bytes sent here would be plaintext, and the TLS stream is that thread's.
  void write_from_here(Response r, const std::shared_ptr<Request>& req,
                       std::chrono::steady_clock::time_point started) {
    if constexpr (kTls) {
      asio::post(stream_.get_executor(),
                 [self = this->shared_from_this(), req, started, r = std::move(r)]() mutable {
                   self->send(std::move(r), method_name(req->method), req->target, started, true);
                 });
      return;
    }
    auto res = make_response(std::move(r), method_name(req->method), req->target, started);
    std::ostringstream text;
    text << *res;
    auto bytes = std::make_shared<std::string>(std::move(text).str());
    set_deadline(server_.options.read_timeout);
    ssize_t n = ::send(socket().native_handle(), bytes->data(), bytes->size(),
                       MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(bytes->size()) || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      server_.request_done();
      return on_write(n < 0 ? beast::error_code(errno, beast::system_category()) : beast::error_code());
    }
    size_t sent = n > 0 ? static_cast<size_t>(n) : 0;
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), bytes, sent] {
      asio::async_write(self->stream_, asio::buffer(bytes->data() + sent, bytes->size() - sent),
                        [self, bytes](beast::error_code ec, std::size_t) {
                          self->server_.request_done();
                          self->on_write(ec);
                        });
    });
  }

  // ---- streams (server-sent events) ----
  // The head goes out at once (chunked, Connection: close), then whatever the producer
  // pushes, from this session's thread; a read stays posted meanwhile so that a client
  // going away is noticed at once. No read or idle deadline applies; a write that the
  // client does not take within read_timeout ends the connection (the loop's sweep).
  void start_stream(Response r, const std::shared_ptr<Request>& req,
                    std::chrono::steady_clock::time_point started) {
    out_ = std::move(r.stream);
    keep_alive_ = false;
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.headers.emplace_back("X-Accel-Buffering", "no");  // proxies: pass each event on at once
    auto res = make_response(std::move(r), method_name(req->method), req->target, started);
    res->erase(bhttp::field::content_length);
    res->chunked(true);
    std::ostringstream head;
    head << res->base();
    server_.add_stream(out_);
    server_.request_done();  // an open stream does not hold up stop()
    last_stream_write_ = std::chrono::steady_clock::now();
    stream_write(std::make_shared<std::string>(std::move(head).str()));
    stream_read();
    std::weak_ptr<Session> weak = this->shared_from_this();
    out_->attach([weak] {
      if (auto self = weak.lock()) {
        asio::post(self->stream_.get_executor(), [self] { self->stream_flush(); });
      }
    });
  }

  // Takes what the producer queued and writes it as one chunk; at the end of the stream,
  // the last chunk and the close.
  void stream_flush() {
    if (stream_writing_ || stream_ended_) return;
    std::string data = out_->take();
    if (!data.empty()) {
      char size[32];
      int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
      auto bytes = std::make_shared<std::string>();
      bytes->reserve(data.size() + static_cast<size_t>(n) + 2);
      bytes->append(size, static_cast<size_t>(n)).append(data).append("\r\n");
      return stream_write(std::move(bytes));
    }
    if (out_->closed()) {
      stream_ended_ = true;
      set_deadline(server_.options.read_timeout);
      auto last = std::make_shared<std::string>("0\r\n\r\n");
      asio::async_write(stream_, asio::buffer(*last),
                        [self = this->shared_from_this(), last](beast::error_code, std::size_t) {
                          self->end_stream();
                        });
    }
  }

  void stream_write(std::shared_ptr<std::string> bytes) {
    stream_writing_ = true;
    last_stream_write_ = std::chrono::steady_clock::now();
    set_deadline(server_.options.read_timeout);
    asio::async_write(stream_, asio::buffer(*bytes),
                      [self = this->shared_from_this(), bytes](beast::error_code ec, std::size_t) {
                        self->stream_writing_ = false;
                        self->deadline_ = kNoDeadline;
                        if (ec) return self->end_stream();
                        self->stream_flush();
                      });
  }

  // Whatever the client sends is ignored; its end (or an error) ends the stream.
  void stream_read() {
    stream_.async_read_some(asio::buffer(stream_in_),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->end_stream();
                              self->stream_read();
                            });
  }

  void end_stream() {
    if (!out_ || stream_closed_) return;
    stream_closed_ = true;
    stream_ended_ = true;
    out_->finish();  // the producer's on_closed
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
  }

  // Requests that may block their thread for long (external-task long polling, the test
  // clock's wait) run on the separate worker pool, so they never hold up the request threads.
  static bool may_wait_long(std::string_view path) {
    return path.ends_with("/fetchAndLock") || path.starts_with("/api/test/");
  }

  // `counted`: the request was counted in flight; it stops counting once written.
  void send(Response r, std::string_view method, std::string_view target,
            std::chrono::steady_clock::time_point started, bool counted = false) {
    auto res = make_response(std::move(r), method, target, started);
    set_deadline(server_.options.read_timeout);
    bhttp::async_write(stream_, *res,
                       [self = this->shared_from_this(), res, counted](beast::error_code ec,
                                                                 std::size_t) {
                         if (counted) self->server_.request_done();
                         self->on_write(ec);
                       });
  }

  // The Beast response for `r`, with the security headers, logged. The log line holds no
  // query (it may carry secrets), no header and no body.
  std::shared_ptr<bhttp::response<bhttp::string_body>> make_response(
      Response r, std::string_view method, std::string_view target,
      std::chrono::steady_clock::time_point started) {
    std::string_view path = target.substr(0, target.find('?'));
    if (server_.options.access_log) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started).count();
      spdlog::info("{} {} {} {:.3f}ms", method, path, r.status, us / 1000.0);
    }
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(r.status), 11);
    res->set(bhttp::field::server, "dpc");
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    bool api = is_api_path(path) || r.content_type.find("json") != std::string::npos;
    res->set("Content-Security-Policy", api ? kApiPolicy : kWebAppPolicy);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("X-Frame-Options", "DENY");
    res->set("Referrer-Policy", "same-origin");
    if constexpr (kTls) res->set("Strict-Transport-Security", "max-age=31536000");
    for (auto& [k, v] : r.headers) res->insert(k, v);  // insert: several Set-Cookie lines
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    res->prepare_payload();
    if (method == "HEAD") res->body().clear();
    return res;
  }

  void set_deadline(std::chrono::seconds after) {
    deadline_ = (std::chrono::steady_clock::now() + after).time_since_epoch().count();
  }

  void on_write(beast::error_code ec) {
    if (ec || !keep_alive_) return do_close();
    do_read();
  }

  void do_close() {
    if constexpr (kTls) {
      if (handshake_done_) {
        // close_notify, then the peer's (or its closing the connection, or the sweep).
        handshake_done_ = false;
        set_deadline(server_.options.read_timeout);
        return stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
          beast::error_code ec;
          self->socket().close(ec);
        });
      }
    }
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  static constexpr auto kNoDeadline = std::chrono::steady_clock::rep(INT64_MAX);
  Stream stream_;  // no expiry of its own: the loop's sweep (Loop::timed)
  // steady_clock ticks; atomic: the sweep reads it while write_from_here may set it.
  std::atomic<std::chrono::steady_clock::rep> deadline_{kNoDeadline};
  Server::Impl& server_;
  Server::Impl::Loop& loop_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bool keep_alive_ = true;
  bool first_request_ = true;
  std::string peer_;  // peer_address()
  bool handshake_done_ = false;  // TLS only
  // A stream answer (start_stream): touched on the session's thread only.
  std::shared_ptr<dpc::http::Stream> out_;  // (`Stream` here is the template parameter)
  bool stream_writing_ = false;
  bool stream_ended_ = false;   // the last chunk is written or the connection is gone
  bool stream_closed_ = false;  // end_stream ran
  std::chrono::steady_clock::time_point last_stream_write_;
  std::array<char, 512> stream_in_{};
};

// The TLS settings: TLS 1.2 and 1.3 only, Mozilla's "intermediate" ciphers for TLS 1.2
// (forward secrecy and AEAD only), the certificate chain and the key from PEM files.
Status configure_tls(ssl::context& ctx, const std::string& cert_file, const std::string& key_file) {
  for (const auto* file : {&cert_file, &key_file}) {
    if (!std::ifstream(*file)) {
      return Error::invalid("cannot read TLS " + std::string(file == &cert_file ? "certificate" : "key") +
                            " file '" + *file + "': " + std::strerror(errno));
    }
  }
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                  ssl::context::single_dh_use | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                          "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
                          "DHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_dh_auto(native, 1);
  beast::error_code ec;
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return Error::invalid("TLS certificate file '" + cert_file +
                          "' holds no usable PEM certificate: " + ec.message());
  }
  ctx.use_private_key_file(key_file, ssl::context::pem, ec);
  if ((ec && ERR_GET_REASON(ec.value()) == X509_R_KEY_VALUES_MISMATCH) ||
      (!ec && SSL_CTX_check_private_key(native) != 1)) {
    return Error::invalid("TLS key file '" + key_file + "' does not belong to the certificate in '" +
                          cert_file + "'");
  }
  if (ec) {
    return Error::invalid("TLS key file '" + key_file + "' holds no usable PEM private key: " +
                          ec.message());
  }
  return {};
}

}  // namespace

// True when a JSON text holds the escape \u0000 (a NUL character in a string): PostgreSQL
// text cannot store it, so such a request could only fail deep in a write.
static bool has_json_nul(std::string_view body) {
  for (size_t at = body.find("u0000"); at != std::string_view::npos; at = body.find("u0000", at + 1)) {
    size_t slashes = 0;
    while (slashes < at && body[at - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 1) return true;
  }
  return false;
}

Response Server::Impl::handle(Request& req) {
  try {
    if (auto r = cors.preflight(req)) return std::move(*r);
    auto type = req.headers.find("content-type");
    if (type != req.headers.end() && type->second.find("json") != std::string::npos &&
        has_json_nul(req.body)) {
      return error_response(Error::invalid(
          "JSON strings must not contain the NUL character (\\u0000): it cannot be stored"));
    }
    if (is_api_path(req.path) || router.has_path(req.path)) return router.dispatch(req);
    if (req.method == Method::kGet || req.method == Method::kHead) {
      if (auto r = serve_static(options.static_root, req.path, req.header("accept-encoding"))) {
        return std::move(*r);
      }
    }
    return router.dispatch(req);  // yields the 404 in the common error shape
  } catch (const std::exception& e) {
    // The last resort for a bug: error_response logs the text and answers a fixed message
    // (the exception's text may quote internals or the client's bytes).
    return error_response(Error::internal("unhandled error in " + std::string(method_name(req.method)) +
                                          " " + req.path + ": " + e.what()));
  } catch (...) {
    return error_response(Error::internal("unhandled error in " + std::string(method_name(req.method)) +
                                          " " + req.path + ": not a std::exception"));
  }
}

void Server::Impl::do_accept() {
  Loop& loop = least_busy_loop();
  acceptor->async_accept(loop.ioc, [this, &loop](beast::error_code ec, tcp::socket s) {
    if (ec) {
      if (ec == asio::error::operation_aborted) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      if (tls) {
        std::make_shared<Session<TlsStream>>(*this, loop, std::move(s), *tls)->run();
      } else {
        std::make_shared<Session<PlainStream>>(*this, loop, std::move(s))->run();
      }
    }
    if (acceptor && acceptor->is_open()) do_accept();
  });
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() { stop(std::chrono::milliseconds(0)); }

uint16_t Server::port() const { return impl_->bound_port; }

Status Server::start() {
  auto& im = *impl_;
  beast::error_code ec;
  auto address = asio::ip::make_address(im.options.bind_address, ec);
  if (ec) return Error::invalid("invalid bind address '" + im.options.bind_address + "'");
  tcp::endpoint endpoint{address, im.options.port};
  if (!im.options.tls_cert_file.empty() || !im.options.tls_key_file.empty()) {
    im.tls.emplace(ssl::context::tls_server);
    if (auto st = configure_tls(*im.tls, im.options.tls_cert_file, im.options.tls_key_file); !st) {
      im.tls.reset();
      return st;
    }
  }
  // Request threads: network I/O and the handlers of ordinary requests (see on_read).
  int threads = std::max(1, im.options.worker_threads);
  for (int i = 0; i < threads; ++i) im.loops.push_back(std::make_unique<Impl::Loop>());
  im.acceptor.emplace(im.loops.front()->ioc);
  im.acceptor->open(endpoint.protocol(), ec);
  if (!ec) im.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor->bind(endpoint, ec);
  if (!ec) im.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable("cannot listen on " + im.options.bind_address + ":" +
                              std::to_string(im.options.port) + ": " + ec.message());
  }
  im.bound_port = im.acceptor->local_endpoint().port();
  im.workers = std::make_unique<asio::thread_pool>(std::max(1, im.options.worker_threads));
  for (auto& l : im.loops) {
    l->work.emplace(l->ioc.get_executor());
    l->sweep();
  }
  im.do_accept();
  for (auto& l : im.loops) l->thread = std::thread([loop = l.get()] { loop->ioc.run(); });
  return {};
}

void Server::stop(std::chrono::milliseconds grace) {
  auto& im = *impl_;
  if (im.stopped || !im.acceptor) return;
  im.stopped = true;
  asio::post(im.loops.front()->ioc, [&im] {
    beast::error_code ec;
    im.acceptor->close(ec);
  });
  {
    // Open streams end cleanly (their last chunk, then the close) before the loops stop.
    std::vector<std::shared_ptr<Stream>> open;
    {
      std::lock_guard lock(im.streams_mu);
      for (auto& w : im.streams) {
        if (auto s = w.lock()) open.push_back(std::move(s));
      }
      im.streams.clear();
    }
    for (auto& s : open) s->close();
    if (!open.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  {
    std::unique_lock lock(im.mu);
    im.idle.wait_for(lock, grace, [&im] { return im.in_flight.load() == 0; });
  }
  for (auto& l : im.loops) {
    l->work.reset();
    l->ioc.stop();
  }
  for (auto& l : im.loops) {
    if (l->thread.joinable()) l->thread.join();
  }
  if (im.workers) im.workers->join();
}

}  // namespace dpc::http
