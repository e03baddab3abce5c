#pragma once
// A progress line on stderr for work over many notes (import, export -o):
// "importing: 120000 notes", redrawn in place at most ten times a second and
// erased at the end. Drawn only when stderr is a terminal and neither -q nor
// --json was given: a script or a log never sees it.
#include <chrono>
#include <cstdint>
#include <string>

#include "options.hpp"

namespace app {

class Progress {
  public:
    // `what`: the verb of the line ("importing"); `unit`: what is counted.
    Progress(const GlobalOptions& options, std::string what, std::string unit = "notes");
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // One more done. Cheap: a counter, and a look at the clock now and then.
    void tick() {
        if (++done_ >= next_check_) check();
    }
    // Erases the line (also done by the destructor).
    void finish();

    // Whether a line is drawn at all (a terminal, no -q, no --json).
    bool enabled() const { return enabled_; }

  private:
    void check();
    void draw();

    bool enabled_;
    std::string what_, unit_;
    std::uint64_t done_ = 0;
    std::uint64_t next_check_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace app
