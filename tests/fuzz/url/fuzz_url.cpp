// libFuzzer: database URLs (orm::Url::parse) and the redaction of passwords
// in any text (orm::redact_secrets). Beyond crashes and sanitizer reports it
// checks what the contract promises of a URL that parses.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "orm/errors.hpp"
#include "orm/url.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string masked = orm::redact_secrets(text);
    // Masking is stable: a masked text has nothing left to mask.
    require(orm::redact_secrets(masked) == masked);
    try {
        const auto url = orm::Url::parse(text);
        require(url.backend == "sqlite" || url.backend == "mysql" || url.backend == "postgresql");
        // No decoded value may be cut short by a NUL (%00 is refused).
        for (const std::string* s : {&url.path, &url.user, &url.password, &url.host, &url.database})
            require(s->find('\0') == std::string::npos);
        if (url.port) require(*url.port >= 1);
        const std::string shown = url.redacted();
        require(orm::redact_secrets(shown) == shown);
        // The password is never shown, unless the rest of the URL spells it
        // too (a query "a=pw&b" shows "=pw&b" whatever the password is).
        if (url.password.size() >= 6 && url.password.find('*') == std::string::npos) {
            auto without = url;
            without.password.clear();
            if (without.redacted().find(url.password) == std::string::npos)
                require(shown.find(url.password) == std::string::npos);
        }
    } catch (const orm::UrlError& e) {
        // Redacting a whole message again may mask more (its words are cut
        // differently), never less: only that it does not crash is checked.
        (void)orm::redact_secrets(e.what());
    }
    return 0;
}
