#include "orm/url.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "orm/errors.hpp"

namespace orm {

namespace {

// Masks a password in a URL that may not even parse, for error messages.
std::string redact_raw(std::string_view text) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return std::string(text);
    const auto start = scheme_end + 3;
    // Up to the last '@' anywhere: a malformed URL may hold an unencoded '/'
    // or '?' in its password. Masking too much is harmless, too little is not.
    const auto authority = text.substr(start);
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) return std::string(text);
    const auto colon = authority.find(':');
    if (colon == std::string_view::npos || colon > at) return std::string(text);
    return std::string(text.substr(0, start + colon + 1)) + "***" +
           std::string(text.substr(start + at));
}

[[noreturn]] void fail(std::string_view url, std::string_view what) {
    throw UrlError(fmt::format("invalid database URL '{}': {}", redact_raw(url), what));
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view url, std::string_view part, std::string_view what) {
    std::string out;
    out.reserve(part.size());
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (part[i] != '%') {
            out += part[i];
            continue;
        }
        if (i + 2 >= part.size() || hex(part[i + 1]) < 0 || hex(part[i + 2]) < 0)
            fail(url, fmt::format("bad percent-encoding in the {}", what));
        out += static_cast<char>(hex(part[i + 1]) * 16 + hex(part[i + 2]));
        i += 2;
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view url, std::string_view query) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == 0) fail(url, "a query parameter has no name");
        const auto key = decode(url, item.substr(0, eq), "query");
        out[key] = eq == std::string_view::npos ? "" : decode(url, item.substr(eq + 1), "query");
    }
    return out;
}

std::string encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

void parse_server(std::string_view url, std::string_view rest, Url& out) {
    const auto q = rest.find('?');
    if (q != std::string_view::npos) {
        out.query = parse_query(url, rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    if (slash == std::string_view::npos || slash + 1 == rest.size())
        fail(url, "no database name (expected .../DBNAME)");
    const auto path = rest.substr(slash + 1);
    if (path.find('/') != std::string_view::npos) fail(url, "the database name contains '/'");
    out.database = decode(url, path, "database name");

    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        const auto userinfo = authority.substr(0, at);
        const auto colon = userinfo.find(':');
        out.user = decode(url, userinfo.substr(0, colon), "user name");
        if (colon != std::string_view::npos)
            out.password = decode(url, userinfo.substr(colon + 1), "password");
        if (out.user.empty()) fail(url, "empty user name before '@'");
        authority = authority.substr(at + 1);
    }
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) fail(url, "unclosed '[' in the host");
        out.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') fail(url, "unexpected text after the host");
        if (!after.empty()) port = after.substr(1);
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
        if (colon != std::string_view::npos && port.empty()) fail(url, "empty port after ':'");
    }
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            fail(url, fmt::format("port '{}' is not a number from 1 to 65535", port));
        out.port = static_cast<std::uint16_t>(value);
    }
    if (out.host.empty() && !out.query.contains("socket") && !out.query.contains("host"))
        fail(url, out.backend == "postgresql" ? "no host (or ?host=/socket/folder)"
                                              : "no host (or ?socket=/path)");
}

}  // namespace

Url Url::parse(std::string_view text) {
    Url out;
    if (text.empty()) throw UrlError("invalid database URL '': it is empty");
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        out.backend = "sqlite";
        out.path = std::string(text);
        return out;
    }
    out.scheme = std::string(text.substr(0, sep));
    const auto rest = text.substr(sep + 3);
    if (out.scheme == "sqlite") {
        out.backend = "sqlite";
        if (rest.empty() || rest == "/:memory:") {
            out.memory = true;
        } else if (rest.front() != '/') {
            fail(text, "expected sqlite:///relative.db, sqlite:////absolute.db or sqlite://");
        } else {
            auto path = rest.substr(1);
            const auto q = path.find('?');
            if (q != std::string_view::npos) {
                out.query = parse_query(text, path.substr(q + 1));
                path = path.substr(0, q);
            }
            if (path.empty()) fail(text, "no file path after sqlite:///");
            out.path = decode(text, path, "path");
        }
    } else if (out.scheme == "mysql" || out.scheme == "mariadb") {
        out.backend = "mysql";
        parse_server(text, rest, out);
    } else if (out.scheme == "postgresql" || out.scheme == "postgres") {
        out.backend = "postgresql";
        parse_server(text, rest, out);
    } else {
        fail(text, fmt::format("unknown scheme '{}' (expected sqlite, mysql, mariadb, postgresql "
                               "or postgres)",
                               out.scheme));
    }
    return out;
}

std::string Url::redacted() const {
    if (backend == "sqlite") {
        if (scheme.empty()) return path;
        return memory ? "sqlite://" : "sqlite:///" + path;
    }
    std::string out = scheme + "://";
    if (!user.empty()) out += encode(user) + (password.empty() ? "@" : ":***@");
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port) out += ":" + std::to_string(*port);
    out += "/" + encode(database);
    char sep = '?';
    for (const auto& [k, v] : query) {
        out += sep + encode(k) + "=" + encode(v);
        sep = '&';
    }
    return out;
}

}  // namespace orm
