#include "context.hpp"

#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include <cstdlib>
#include <string>

namespace app {

namespace {

// Bytes that are not UTF-8 become '?': the name is stored as text.
std::string as_utf8(std::string_view text) {
    std::string out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {
            out += '?';
            ++p;
            --left;
            continue;
        }
        out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        p += n;
        left -= n;
    }
    return out;
}

}  // namespace

std::string login_name() {
    if (const char* user = std::getenv("USER"); user && *user) return as_utf8(user);
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return as_utf8(pw->pw_name);
    return std::to_string(::geteuid());
}

notes::Notebook& Context::notebook() {
    if (!notebook_) {
        // Notes are private: the default folder and SQLite's db, -wal and -shm
        // files are created for this user only.
        ::umask(077);
        orm::EngineOptions engine;
        engine.echo = options.verbose >= 2;
        notebook_ = std::make_unique<notes::Notebook>(database_url(options), engine);
        notebook_->set_user(login_name());
        spdlog::info("database: {}", notebook_->describe());
    }
    return *notebook_;
}

}  // namespace app
