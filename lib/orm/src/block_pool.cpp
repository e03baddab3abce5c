#include "orm/block_pool.hpp"

#include <array>

namespace orm::block_pool {

namespace {

// GCC says it builds with AddressSanitizer by a macro, clang (the fuzz
// harnesses) only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define ORM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ORM_ASAN 1
#endif
#endif
#ifdef ORM_ASAN
constexpr bool kKeep = false;
#else
constexpr bool kKeep = true;
#endif
constexpr std::size_t kStep = 16;      // sizes kept: multiples of 16 bytes...
constexpr std::size_t kLargest = 512;  // ...up to this
constexpr std::size_t kKept = 4096;    // blocks kept per size

struct Free {
    Free* next;
};

// A block of each size is what operator new gave for that size rounded up,
// so any list, of any thread, may take it. Plain data (no destructor): one
// thread-local access per call, usable until the thread's very end.
struct Lists {
    std::array<Free*, kLargest / kStep + 1> head;
    std::array<std::size_t, kLargest / kStep + 1> kept;
    bool registered;  // for release at the thread's end
    bool gone;        // released: blocks freed later go to operator delete
};
thread_local Lists lists{};

struct Release {
    ~Release() {
        lists.gone = true;
        for (auto& first : lists.head) {
            while (Free* block = first) {
                first = block->next;
                ::operator delete(block);
            }
        }
    }
};
thread_local Release release;

[[gnu::noinline]] void register_release(Lists& l, Release& r) {
    // Using `r` constructs it on this thread, and so destroys it at the end.
    static_cast<void>(r);
    l.registered = true;
}

}  // namespace

void* allocate(std::size_t bytes) {
    if (!kKeep || bytes > kLargest) return ::operator new(bytes);
    const std::size_t i = (bytes + kStep - 1) / kStep;
    Lists& l = lists;
    if (Free* block = l.head[i]) {
        l.head[i] = block->next;
        --l.kept[i];
        return block;
    }
    return ::operator new(i* kStep);
}

void deallocate(void* block, std::size_t bytes) noexcept {
    if (!kKeep || bytes > kLargest || bytes == 0) return ::operator delete(block);
    const std::size_t i = (bytes + kStep - 1) / kStep;
    Lists& l = lists;
    if (l.gone || l.kept[i] >= kKept) return ::operator delete(block);
    if (!l.registered) register_release(l, release);
    l.head[i] = new (block) Free{l.head[i]};
    ++l.kept[i];
}

}  // namespace orm::block_pool
