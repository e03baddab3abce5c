#include "context.hpp"

#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "orm/text/utf8.hpp"

namespace app {

namespace {

// Bytes that are not UTF-8 become '?', one a byte: the name is stored as text.
std::string as_utf8(std::string_view text) {
    std::string out;
    for (const auto& cp : orm::text::code_points(text)) {
        if (cp.valid)
            out.append(text.substr(cp.offset, cp.size));
        else
            out.append(cp.size, '?');
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
        // A command reads most pages once: SQLite's 2 MiB cache would only
        // make its memory grow with the notebook (search +21 % from 10,000 to
        // 1,000,000 notes) and cost time to fill. An import into a notebook
        // that has notes raises it (orm::BulkLoad).
        engine.page_cache_kib = 512;
        notebook_ = std::make_unique<notes::Notebook>(database_url(options), engine);
        notebook_->set_user(login_name());
        spdlog::info("database: {}", notebook_->describe());
    }
    return *notebook_;
}

}  // namespace app
