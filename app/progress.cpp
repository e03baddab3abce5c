#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace app {

namespace {

// Below this many, the work is too short to need a line; past it the line
// appears at once, then follows the clock. (A count, not a time, so that
// whether a line appears does not depend on the machine's speed.)
constexpr std::uint64_t kFirstDraw = 1000;
// The clock is read once per this many ticks: a tick must stay nearly free.
constexpr std::uint64_t kCheckEvery = 256;
constexpr auto kRedraw = std::chrono::milliseconds(100);

}  // namespace

Progress::Progress(const GlobalOptions& options, std::string what, std::string unit)
    : enabled_(!options.quiet && !options.json && ::isatty(STDERR_FILENO) == 1),
      what_(std::move(what)),
      unit_(std::move(unit)),
      next_check_(enabled_ ? kFirstDraw : UINT64_MAX) {}

Progress::~Progress() {
    finish();
}

void Progress::check() {
    next_check_ = done_ + kCheckEvery;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < kRedraw) return;
    last_ = now;
    draw();
}

void Progress::draw() {
    // \r back to the start of the line, \033[K erases what a longer line left.
    std::fprintf(stderr, "\r%s: %llu %s\033[K", what_.c_str(),
                 static_cast<unsigned long long>(done_), unit_.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!drawn_) return;
    drawn_ = false;
    next_check_ = UINT64_MAX;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
}

}  // namespace app
