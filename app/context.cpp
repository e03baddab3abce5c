#include "context.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace app {

notes::Notebook& Context::notebook() {
    if (!notebook_) {
        // Notes are private: the default folder and SQLite's db, -wal and -shm
        // files are created for this user only.
        ::umask(077);
        orm::EngineOptions engine;
        engine.echo = options.verbose >= 2;
        notebook_ = std::make_unique<notes::Notebook>(database_url(options), engine);
        spdlog::info("database: {}", notebook_->describe());
    }
    return *notebook_;
}

}  // namespace app
