#include "flat_json.hpp"

#include <cstdint>

#include "orm/text/utf8.hpp"

namespace notes::detail {

namespace {

class Reader {
  public:
    explicit Reader(std::string_view text) : s_(text) {}

    std::optional<std::vector<FlatMember>> object() {
        std::vector<FlatMember> members;
        skip_space();
        if (!take('{')) return std::nullopt;
        skip_space();
        if (take('}')) return finish(std::move(members));
        for (;;) {
            FlatMember m;
            if (!key(m.key)) return std::nullopt;
            for (const auto& seen : members)
                if (seen.key == m.key) return std::nullopt;  // which one wins is the parser's call
            skip_space();
            if (!take(':')) return std::nullopt;
            skip_space();
            if (!value(m)) return std::nullopt;
            members.push_back(std::move(m));
            skip_space();
            if (take('}')) return finish(std::move(members));
            if (!take(',')) return std::nullopt;
            skip_space();
        }
    }

  private:
    std::optional<std::vector<FlatMember>> finish(std::vector<FlatMember> members) {
        skip_space();
        if (at_ != s_.size()) return std::nullopt;
        return members;
    }

    void skip_space() {
        while (at_ < s_.size() &&
               (s_[at_] == ' ' || s_[at_] == '\t' || s_[at_] == '\n' || s_[at_] == '\r'))
            ++at_;
    }

    bool take(char c) {
        if (at_ < s_.size() && s_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }

    // A key of plain printable ASCII, without escapes.
    bool key(std::string_view& out) {
        if (!take('"')) return false;
        const auto start = at_;
        while (at_ < s_.size() && s_[at_] != '"') {
            const auto c = static_cast<unsigned char>(s_[at_]);
            if (c < 0x20 || c >= 0x7f || c == '\\') return false;
            ++at_;
        }
        if (at_ == s_.size()) return false;
        out = s_.substr(start, at_ - start);
        ++at_;
        return true;
    }

    bool value(FlatMember& m) {
        if (at_ == s_.size()) return false;
        const char c = s_[at_];
        if (c == '"') {
            m.kind = FlatMember::Kind::string;
            return string(m.value);
        }
        if (s_.substr(at_, 4) == "null") {
            at_ += 4;
            m.kind = FlatMember::Kind::null;
            return true;
        }
        m.kind = FlatMember::Kind::integer;
        return integer();
    }

    // JSON's integer grammar: -?(0|[1-9][0-9]*), and nothing of a fraction
    // or an exponent after it.
    bool integer() {
        take('-');
        if (at_ == s_.size() || s_[at_] < '0' || s_[at_] > '9') return false;
        if (s_[at_] == '0') {
            ++at_;
        } else {
            while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9')
                ++at_;
        }
        return at_ == s_.size() || (s_[at_] != '.' && s_[at_] != 'e' && s_[at_] != 'E' &&
                                    (s_[at_] < '0' || s_[at_] > '9'));
    }

    bool hex4(std::uint32_t& out) {
        if (s_.size() - at_ < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = s_[at_++];
            out <<= 4;
            if (c >= '0' && c <= '9')
                out |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                out |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                out |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    // An escape after its backslash; surrogates only in valid pairs.
    bool escape(std::string& out) {
        if (at_ == s_.size()) return false;
        const char c = s_[at_++];
        switch (c) {
            case '"':
                out.push_back('"');
                return true;
            case '\\':
                out.push_back('\\');
                return true;
            case '/':
                out.push_back('/');
                return true;
            case 'b':
                out.push_back('\b');
                return true;
            case 'f':
                out.push_back('\f');
                return true;
            case 'n':
                out.push_back('\n');
                return true;
            case 'r':
                out.push_back('\r');
                return true;
            case 't':
                out.push_back('\t');
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        std::uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (!take('\\') || !take('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        orm::text::append(out, cp);
        return true;
    }

    bool string(std::string& out) {
        ++at_;  // the opening quote
        for (;;) {
            // The run up to the next quote, backslash, control or non-ASCII byte.
            const auto start = at_;
            while (at_ < s_.size()) {
                const auto c = static_cast<unsigned char>(s_[at_]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++at_;
            }
            out.append(s_.substr(start, at_ - start));
            if (at_ == s_.size()) return false;
            const auto c = static_cast<unsigned char>(s_[at_]);
            if (c == '"') {
                ++at_;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                ++at_;
                if (!escape(out)) return false;
                continue;
            }
            const auto cp = orm::text::decode(s_, at_);
            if (!cp.valid) return false;
            out.append(s_.substr(at_, cp.size));
            at_ += cp.size;
        }
    }

    std::string_view s_;
    std::size_t at_ = 0;
};

}  // namespace

std::optional<std::vector<FlatMember>> read_flat_object(std::string_view text) {
    return Reader(text).object();
}

}  // namespace notes::detail
