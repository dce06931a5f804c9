;; C = A·Bᵀ (A n × k, B m × k, C n × m, row-major f64), blocked 4 rows of A × 2 rows of B with
;; f64x2 SIMD along k: each loaded pair of A feeds two products, each pair of B four. Only the
;; blocked part: n a multiple of 4, m of 2, k even; wasm.ts does the edges in JS.
;; An evaluation set's rows come from L3 (a run's sets do not fit in L2 together), and the hardware
;; prefetcher alone left the first column pair of each block waiting for them (5 GMAC/s at n 1000,
;; k 100, m 20 against 8 with the rows in L2): each column pair also loads a share of the next
;; block's cache lines, so they arrive while this block computes. Those loads change no result.
;; Pointers are byte offsets into env.mem; $ld is C's row stride in elements.
(module
  (import "env" "mem" (memory 1))

  (func (export "gemmNT")
    (param $A i32) (param $n i32) (param $k i32) (param $B i32) (param $m i32) (param $C i32) (param $ld i32)
    (local $kb i32) (local $ldb i32) (local $r i32) (local $o i32) (local $j i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32) (local $c i32)
    ;; $sRT: the two lanes of partial sums of C[r + R, o + T]
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $u v128) (local $v v128) (local $p v128)
    ;; the next block's lines: $pf the next to load, $pfEnd past the last, $quota bytes a column pair; $sink takes the loads
    (local $pf i32) (local $pfEnd i32) (local $quota i32) (local $stop i32) (local $sink v128)
    (local.set $kb (i32.mul (local.get $k) (i32.const 8)))
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 8)))
    ;; a block's 4 rows over the m/2 column pairs, in whole 64-byte lines
    (local.set $quota (i32.shl (i32.add (i32.div_u (i32.shl (local.get $kb) (i32.const 2)) (i32.shl (i32.shr_u (local.get $m) (i32.const 1)) (i32.const 6)))
      (i32.const 1)) (i32.const 6)))
    ;; under 4 column pairs a block's work is too short to hide them: the hardware's prefetch alone
    (if (i32.lt_u (local.get $m) (i32.const 8)) (then (local.set $quota (i32.const 0))))

    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
        ;; the four rows of A
        (local.set $a0 (i32.add (local.get $A) (i32.mul (local.get $r) (local.get $kb))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $kb)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $kb)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $kb)))
        ;; the next block, if there is one (never a load past A's n rows)
        (local.set $pf (i32.add (local.get $a3) (local.get $kb)))
        (local.set $pfEnd (select (i32.add (local.get $pf) (i32.shl (local.get $kb) (i32.const 2))) (local.get $pf)
          (i32.le_s (i32.add (local.get $r) (i32.const 8)) (local.get $n))))

        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_s (i32.add (local.get $o) (i32.const 2)) (local.get $m)))
            ;; the two rows of B
            (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $o) (local.get $kb))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $kb)))
            (local.set $stop (i32.add (local.get $pf) (local.get $quota)))
            (if (i32.gt_u (local.get $stop) (local.get $pfEnd)) (then (local.set $stop (local.get $pfEnd))))
            (block $touched
              (loop $touch
                (br_if $touched (i32.ge_u (local.get $pf) (local.get $stop)))
                (local.set $sink (v128.or (local.get $sink) (v128.load align=8 (local.get $pf))))
                (local.set $pf (i32.add (local.get $pf) (i32.const 64)))
                (br $touch)))
            (local.set $s00 (v128.const f64x2 0 0))
            (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0))
            (local.set $s11 (v128.const f64x2 0 0))
            (local.set $s20 (v128.const f64x2 0 0))
            (local.set $s21 (v128.const f64x2 0 0))
            (local.set $s30 (v128.const f64x2 0 0))
            (local.set $s31 (v128.const f64x2 0 0))

            ;; $j walks k in bytes, two elements a step
            (local.set $j (i32.const 0))
            (block $dotDone
              (loop $dot
                (br_if $dotDone (i32.gt_s (i32.add (local.get $j) (i32.const 16)) (local.get $kb)))
                (local.set $u (v128.load align=8 (i32.add (local.get $b0) (local.get $j))))
                (local.set $v (v128.load align=8 (i32.add (local.get $b1) (local.get $j))))
                (local.set $p (v128.load align=8 (i32.add (local.get $a0) (local.get $j))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $p) (local.get $u))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $p) (local.get $v))))
                (local.set $p (v128.load align=8 (i32.add (local.get $a1) (local.get $j))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $p) (local.get $u))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $p) (local.get $v))))
                (local.set $p (v128.load align=8 (i32.add (local.get $a2) (local.get $j))))
                (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $p) (local.get $u))))
                (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $p) (local.get $v))))
                (local.set $p (v128.load align=8 (i32.add (local.get $a3) (local.get $j))))
                (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $p) (local.get $u))))
                (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $p) (local.get $v))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $dot)))

            ;; C[r + R, o + T] = lane 0 + lane 1 of $sRT; $c walks down the four rows of C
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $ldb)))
                                   (i32.mul (local.get $o) (i32.const 8))))
            (f64.store offset=0 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00))))
            (f64.store offset=8 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01))))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f64.store offset=0 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10))))
            (f64.store offset=8 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11))))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f64.store offset=0 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s20)) (f64x2.extract_lane 1 (local.get $s20))))
            (f64.store offset=8 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s21)) (f64x2.extract_lane 1 (local.get $s21))))
            (local.set $c (i32.add (local.get $c) (local.get $ldb)))
            (f64.store offset=0 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s30)) (f64x2.extract_lane 1 (local.get $s30))))
            (f64.store offset=8 (local.get $c) (f64.add (f64x2.extract_lane 0 (local.get $s31)) (f64x2.extract_lane 1 (local.get $s31))))

            (local.set $o (i32.add (local.get $o) (i32.const 2)))
            (br $cols)))

        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows)))))
