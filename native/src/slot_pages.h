// One producer's received slots, in the pages src/engine/slot-set.ts keeps (src/engine/slot-page.ts): 65,536
// slots a page, a bitmap (8 KB, bit (offset & 7) of byte (offset >> 3)) while more than 64 of its slots are
// missing, the sorted missing offsets once at most 64 are, nothing but the count once all are in. A clean
// run's pages fill behind the frontier, so the consumer holds a few bitmaps however long it reads (one bit per
// slot for the whole run grew by 22 MB an hour at 50,000/s); a page that lost a few records keeps a few bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace loadgen {

class SlotPages {
 public:
  static constexpr uint32_t kPageSlots = 65536;
  static constexpr size_t kPageBytes = kPageSlots / 8;
  static constexpr uint32_t kMaxHoles = 64;

  /** Adds a slot (0 or more); false if it was there already (a duplicate). */
  bool add(int64_t slot) {
    const int64_t index = slot / kPageSlots;
    if (index < fullBelow_) return false;
    Page* page = index == lastIndex_ ? last_ : nullptr;
    if (page == nullptr) {
      auto [found, isNew] = pages_.try_emplace(index);
      page = &found->second;
      if (isNew) page->bits = std::make_unique<uint8_t[]>(kPageBytes);  // zeroed
      lastIndex_ = index;
      last_ = page;
    }
    if (!page->add(static_cast<uint32_t>(slot - index * kPageSlots))) return false;
    if (index == fullBelow_ && page->count == kPageSlots) compact();
    return true;
  }

  /**
   * The pages, by number: the runs of full pages in `fullRuns` (first and last page of each, in turn); the
   * others in `partial`, their bitmaps in turn in `bits` (a page kept as holes is written out as its bitmap:
   * SlotSet.fromPages takes bitmaps only). Page numbers are below 2^24 (slots below 2^40): exact as doubles.
   */
  void exportPages(std::vector<double>& fullRuns, std::vector<double>& partial, std::vector<uint8_t>& bits) const {
    if (fullBelow_ > 0) fullRuns.insert(fullRuns.end(), {0.0, static_cast<double>(fullBelow_ - 1)});
    for (const auto& [index, page] : pages_) {
      if (page.count == kPageSlots) {
        const double at = static_cast<double>(index);
        if (!fullRuns.empty() && fullRuns.back() == at - 1) {
          fullRuns.back() = at;
        } else {
          fullRuns.insert(fullRuns.end(), {at, at});
        }
        continue;
      }
      partial.push_back(static_cast<double>(index));
      const size_t at = bits.size();
      if (page.bits) {
        bits.insert(bits.end(), page.bits.get(), page.bits.get() + kPageBytes);
      } else {
        bits.resize(at + kPageBytes, 0xff);
        for (const uint16_t offset : page.holes) bits[at + (offset >> 3)] &= static_cast<uint8_t>(~(1u << (offset & 7)));
      }
    }
  }

 private:
  struct Page {
    std::unique_ptr<uint8_t[]> bits;  // while more than kMaxHoles are missing
    std::vector<uint16_t> holes;      // the missing offsets, sorted, once at most kMaxHoles are
    uint32_t count = 0;

    bool add(uint32_t offset) {
      if (bits) {
        uint8_t& byte = bits[offset >> 3];
        const uint8_t mask = static_cast<uint8_t>(1u << (offset & 7));
        if ((byte & mask) != 0) return false;
        byte |= mask;
        if (kPageSlots - ++count <= kMaxHoles) settle();
        return true;
      }
      const auto hole = std::lower_bound(holes.begin(), holes.end(), static_cast<uint16_t>(offset));
      if (hole == holes.end() || *hole != offset) return false;  // there already (or the page is full)
      holes.erase(hole);
      if (holes.empty()) holes.shrink_to_fit();
      count++;
      return true;
    }

    /** At most kMaxHoles missing: the bitmap becomes the list of what is missing. */
    void settle() {
      holes.reserve(kPageSlots - count);
      for (uint32_t offset = 0; offset < kPageSlots && holes.size() < kPageSlots - count; offset++) {
        if ((bits[offset >> 3] & (1u << (offset & 7))) == 0) holes.push_back(static_cast<uint16_t>(offset));
      }
      bits.reset();
    }
  };
  /** Full pages at the start of pages_ join the full prefix. */
  void compact() {
    for (auto first = pages_.begin(); first != pages_.end() && first->first == fullBelow_ && first->second.count == kPageSlots; first = pages_.begin()) {
      pages_.erase(first);
      fullBelow_++;
    }
    lastIndex_ = -1;
    last_ = nullptr;
  }

  /** Pages 0 to fullBelow_ - 1 are all full: only this number, not entries of pages_. */
  int64_t fullBelow_ = 0;
  // Ordered, so pages export in order; a map node never moves, so last_ stays valid as pages are added.
  std::map<int64_t, Page> pages_;
  int64_t lastIndex_ = -1;
  Page* last_ = nullptr;
};

}  // namespace loadgen
