#pragma once
// Where the commands print: buffered output streams (stdout, export files).
// What they print: json.hpp (the contract's JSON) and table.hpp (tables).
#include <string>
#include <string_view>

#include "json.hpp"

namespace app {

// Buffered output to a file descriptor. Nothing reaches the descriptor before
// 64 KiB are pending or flush() is called, so a command that fails early can
// discard() what it wrote (the contract: with --json, nothing on stdout).
class Output {
  public:
    Output() = default;
    // `name` is for messages: "cannot write to NAME: ...".
    Output(int fd, bool color, std::string name = "stdout");
    Output(Output&&) = default;
    Output& operator=(Output&&) = default;

    bool color() const { return color_; }
    bool terminal() const { return terminal_; }
    // Columns of the terminal; 0 when not writing to one.
    int width() const { return width_; }

    void write(std::string_view text);
    void line(std::string_view text);
    // One JSON document and a newline; indented on a terminal.
    void json(const Json& value);
    // Wraps `text` in an SGR colour when colour is on.
    std::string paint(std::string_view text, const char* sgr) const;
    // Throws OutputError when the descriptor refuses the bytes.
    void flush();
    void discard() { buffer_.clear(); }

  private:
    int fd_ = 1;
    bool color_ = false;
    bool terminal_ = false;
    int width_ = 0;
    std::string name_ = "stdout";
    std::string buffer_;
};

}  // namespace app
