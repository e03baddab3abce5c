#include "orm/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "orm/errors.hpp"

namespace orm {

namespace {

bool scheme_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Query keys whose values are secrets wherever they appear.
bool secret_key(std::string_view key) {
    std::string k;
    for (char c : key)
        k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k.find("pass") != std::string::npos || k.find("pwd") != std::string::npos ||
           k.find("secret") != std::string::npos || k.find("token") != std::string::npos;
}

// One URL-like word after its "scheme:" and slashes, with its secrets masked.
std::string redact_word(std::string_view word, std::size_t slashes) {
    std::string out(word);
    // Up to the last '@': a malformed URL may hold an unencoded '/', '?' or
    // '@' in its password.
    const auto at = out.rfind('@');
    if (at != std::string::npos) {
        const auto colon = out.find(':');
        if (colon < at) {
            out.replace(colon + 1, at - colon - 1, "***");
        } else if (slashes == 0 && at > 0) {
            // "USER:PW@host" after some other text ("mysql//USER:PW@..."):
            // what looked like a scheme is the user name.
            out.replace(0, at, "***");
        }
    } else if (slashes == 2) {
        // "mysql://user:PW/db": without an '@', what follows ':' is a port
        // only when it is a number.
        const auto end = out.find_first_of("/?#'\"");
        const auto authority = std::string_view(out).substr(0, end);
        const auto colon = authority.find(':');
        if (!authority.starts_with('[') && colon != std::string_view::npos &&
            !all_digits(authority.substr(colon + 1)) && colon + 1 < authority.size())
            out.replace(colon + 1, authority.size() - colon - 1, "***");
    }
    // ?password=PW&...
    for (auto q = out.find_first_of("?&"); q != std::string::npos;
         q = out.find_first_of("?&", q + 1)) {
        const auto eq = out.find('=', q + 1);
        if (eq == std::string::npos) break;
        const auto stop = out.find_first_of("&'\"", eq + 1);
        const auto value_end = stop == std::string::npos ? out.size() : stop;
        if (out.find_first_of("?&", q + 1) < eq) continue;  // "?flag&password=..."
        if (secret_key(std::string_view(out).substr(q + 1, eq - q - 1)) && value_end > eq + 1)
            out.replace(eq + 1, value_end - eq - 1, "***");
    }
    return out;
}

[[noreturn]] void fail(std::string_view url, std::string_view what) {
    throw UrlError(fmt::format("invalid database URL '{}': {}", redact_secrets(url), what));
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
        if (!after.empty() && port.empty()) fail(url, "empty port after ':'");
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
        if (colon != std::string_view::npos && port.empty()) fail(url, "empty port after ':'");
    }
    if (!port.empty() && at == std::string_view::npos && !all_digits(port))
        // Most likely "USER:PASSWORD" without "@HOST": the value is not shown.
        fail(url,
             "what follows ':' is not a port, and there is no '@' "
             "(a password goes between ':' and '@', before the host)");
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
    if (text.find('\0') != std::string_view::npos)
        fail(text, "a NUL byte is not allowed anywhere in a URL or path");
    if (sep != std::string_view::npos && text.find("%00") != std::string_view::npos)
        // Decoded, it would cut the value short (sqlite:///a.db%00.x opening a.db).
        fail(text, "'%00' (a NUL byte) is not allowed anywhere in a URL");
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
        // Shown only when it is one: text before "://" may be anything,
        // a password included.
        const bool word = !out.scheme.empty() &&
                          std::isalpha(static_cast<unsigned char>(out.scheme[0])) &&
                          std::all_of(out.scheme.begin(), out.scheme.end(), scheme_char);
        fail(text,
             fmt::format(
                 "unknown scheme {} (expected sqlite, mysql, mariadb, postgresql or postgres)",
                 word ? "'" + out.scheme + "'" : std::string("before '://'")));
    }
    return out;
}

std::vector<std::string> Url::local_files() const {
    if (backend != "sqlite" || memory) return {};
    return {path, path + "-wal", path + "-shm", path + "-journal"};
}

std::string Url::redacted() const {
    if (backend == "sqlite") {
        // A path may be a misspelt URL ("mysql:/user:PW@host/db").
        if (scheme.empty()) return redact_secrets(path);
        return memory ? "sqlite://" : redact_secrets("sqlite:///" + path);
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
    return redact_secrets(out);
}

namespace {

// One pass over the text: each URL-like word masked once.
std::string redact_pass(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const bool starts = std::isalpha(static_cast<unsigned char>(text[i])) &&
                            (i == 0 || !scheme_char(text[i - 1]));
        std::size_t j = i;
        while (starts && j < text.size() && scheme_char(text[j]))
            ++j;
        if (!starts || j == text.size() || text[j] != ':') {
            out += text[i++];
            continue;
        }
        std::size_t p = j + 1;
        while (p < text.size() && text[p] == '/')
            ++p;
        std::size_t end = p;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])))
            ++end;
        out.append(text.substr(i, p - i));
        out += redact_word(text.substr(p, end - p), p - j - 1);
        i = end;
    }
    return out;
}

}  // namespace

// Masking what one pass left can reveal more to mask (a garbled URL whose
// '@' and ':' pair up differently once a part is "***"), so passes repeat
// until nothing changes; each pass only replaces text with "***", so a few
// suffice, and the bound keeps a pathological input from looping.
std::string redact_secrets(std::string_view text) {
    std::string out = redact_pass(text);
    for (int pass = 0; pass < 16; ++pass) {
        std::string again = redact_pass(out);
        if (again == out) break;
        out = std::move(again);
    }
    return out;
}

}  // namespace orm
