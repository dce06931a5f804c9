;; C = Dᵀ·A in float32 (D n × m, A n × k, C m × k, row-major f32): the Float32 path's weight
;; gradient (wasm32.ts adds it to the Float64 gradient). For each strip of 8 columns of A and 4 of
;; D, the 4 × 8 block of C is summed over all n rows in registers (two f32x4 a row of C) and stored
;; once. wasm32.ts pads the operands: m a multiple of 4, k of 8; n is any count.
;; Each term is a relaxed_madd, as in gemm32NT.wat (one FMA where the CPU has it).
;; Pointers are byte offsets into env.mem; $ld is D's row stride in elements.
(module
  (import "env" "mem" (memory 1))

  (func (export "gemm32TN")
    (param $D i32) (param $n i32) (param $m i32) (param $A i32) (param $k i32) (param $C i32) (param $ld i32)
    (local $kb i32) (local $ldb i32) (local $r i32) (local $o i32) (local $j i32)
    (local $a i32) (local $d i32) (local $c i32)
    ;; $sTH: C[o + T, j + 4H .. j + 4H + 4]
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $p v128) (local $q v128) (local $w v128)
    (local.set $kb (i32.mul (local.get $k) (i32.const 4)))
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 4)))

    ;; $j walks k in bytes, a strip of 8 elements at a time: the strip of A (n × 32 bytes) stays in cache for all of m
    (local.set $j (i32.const 0))
    (block $stripsDone
      (loop $strips
        (br_if $stripsDone (i32.ge_s (local.get $j) (local.get $kb)))

        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_s (i32.add (local.get $o) (i32.const 4)) (local.get $m)))
            (local.set $s00 (v128.const f32x4 0 0 0 0))
            (local.set $s01 (v128.const f32x4 0 0 0 0))
            (local.set $s10 (v128.const f32x4 0 0 0 0))
            (local.set $s11 (v128.const f32x4 0 0 0 0))
            (local.set $s20 (v128.const f32x4 0 0 0 0))
            (local.set $s21 (v128.const f32x4 0 0 0 0))
            (local.set $s30 (v128.const f32x4 0 0 0 0))
            (local.set $s31 (v128.const f32x4 0 0 0 0))
            ;; $a walks down A at column j, $d down D at column o
            (local.set $a (i32.add (local.get $A) (local.get $j)))
            (local.set $d (i32.add (local.get $D) (i32.mul (local.get $o) (i32.const 4))))
            (local.set $r (local.get $n))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.eqz (local.get $r)))
                (local.set $p (v128.load offset=0 align=4 (local.get $a)))
                (local.set $q (v128.load offset=16 align=4 (local.get $a)))
                (local.set $w (v128.load32_splat offset=0 align=4 (local.get $d)))
                (local.set $s00 (f32x4.relaxed_madd (local.get $w) (local.get $p) (local.get $s00)))
                (local.set $s01 (f32x4.relaxed_madd (local.get $w) (local.get $q) (local.get $s01)))
                (local.set $w (v128.load32_splat offset=4 align=4 (local.get $d)))
                (local.set $s10 (f32x4.relaxed_madd (local.get $w) (local.get $p) (local.get $s10)))
                (local.set $s11 (f32x4.relaxed_madd (local.get $w) (local.get $q) (local.get $s11)))
                (local.set $w (v128.load32_splat offset=8 align=4 (local.get $d)))
                (local.set $s20 (f32x4.relaxed_madd (local.get $w) (local.get $p) (local.get $s20)))
                (local.set $s21 (f32x4.relaxed_madd (local.get $w) (local.get $q) (local.get $s21)))
                (local.set $w (v128.load32_splat offset=12 align=4 (local.get $d)))
                (local.set $s30 (f32x4.relaxed_madd (local.get $w) (local.get $p) (local.get $s30)))
                (local.set $s31 (f32x4.relaxed_madd (local.get $w) (local.get $q) (local.get $s31)))
                (local.set $a (i32.add (local.get $a) (local.get $kb)))
                (local.set $d (i32.add (local.get $d) (local.get $ldb)))
                (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                (br $rows)))

            ;; $c walks down the four rows of C at column j
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $o) (local.get $kb))) (local.get $j)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s00))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s01))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s10))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s11))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s20))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s21))
            (local.set $c (i32.add (local.get $c) (local.get $kb)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s30))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s31))

            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $cols)))

        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $strips))))

  ;; The same product where most of D is zero (a ReLU's gradient: half its outputs are closed), from
  ;; `compact`'s lists: for each column o of D, its nonzero values with the byte offsets of their rows
  ;; of A, in row order. C's row o sums only those rows, in the order gemm32TN does, so the result is
  ;; the same to the bit (a skipped term is a product with a zero, ±0, which leaves a sum unchanged;
  ;; A finite). One column of D at a time, over a strip of 24 columns of A (six f32x4 sums; the strip
  ;; stays in cache for all of m), then strips of 8 for the rest of k. Slower per term than gemm32TN
  ;; (no reuse of A across columns of D): 13.8 GMAC/s against 20 at 128 × 50 × 1000, so weightGrad32.ts
  ;; takes it only below 60 % nonzeros. $L: the lists (n entries of 8 bytes per column), $cnt: their
  ;; lengths (i32), C: m × k (row stride k), k a multiple of 8.
  (func (export "gemm32TNSparse")
    (param $L i32) (param $cnt i32) (param $n i32) (param $m i32) (param $A i32) (param $k i32) (param $C i32)
    (local $kb i32) (local $j i32) (local $o i32) (local $e i32) (local $end i32) (local $a i32) (local $aj i32) (local $c i32)
    (local $w v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    ;; strips of 24 columns
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_s (i32.add (local.get $j) (i32.const 96)) (local.get $kb)))
        (local.set $o (i32.const 0))
        (block $wideOutsDone
          (loop $wideOuts
            (br_if $wideOutsDone (i32.ge_s (local.get $o) (local.get $m)))
            (local.set $s0 (v128.const f32x4 0 0 0 0))
            (local.set $s1 (v128.const f32x4 0 0 0 0))
            (local.set $s2 (v128.const f32x4 0 0 0 0))
            (local.set $s3 (v128.const f32x4 0 0 0 0))
            (local.set $s4 (v128.const f32x4 0 0 0 0))
            (local.set $s5 (v128.const f32x4 0 0 0 0))
            (local.set $e (i32.add (local.get $L) (i32.shl (i32.mul (local.get $o) (local.get $n)) (i32.const 3))))
            (local.set $end (i32.add (local.get $e) (i32.shl (i32.load (i32.add (local.get $cnt) (i32.shl (local.get $o) (i32.const 2)))) (i32.const 3))))
            (local.set $aj (i32.add (local.get $A) (local.get $j)))
            (block $wideRowsDone
              (loop $wideRows
                (br_if $wideRowsDone (i32.ge_u (local.get $e) (local.get $end)))
                (local.set $a (i32.add (local.get $aj) (i32.load (local.get $e))))
                (local.set $w (v128.load32_splat offset=4 align=4 (local.get $e)))
                (local.set $s0 (f32x4.relaxed_madd (local.get $w) (v128.load offset=0 align=4 (local.get $a)) (local.get $s0)))
                (local.set $s1 (f32x4.relaxed_madd (local.get $w) (v128.load offset=16 align=4 (local.get $a)) (local.get $s1)))
                (local.set $s2 (f32x4.relaxed_madd (local.get $w) (v128.load offset=32 align=4 (local.get $a)) (local.get $s2)))
                (local.set $s3 (f32x4.relaxed_madd (local.get $w) (v128.load offset=48 align=4 (local.get $a)) (local.get $s3)))
                (local.set $s4 (f32x4.relaxed_madd (local.get $w) (v128.load offset=64 align=4 (local.get $a)) (local.get $s4)))
                (local.set $s5 (f32x4.relaxed_madd (local.get $w) (v128.load offset=80 align=4 (local.get $a)) (local.get $s5)))
                (local.set $e (i32.add (local.get $e) (i32.const 8)))
                (br $wideRows)))
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $o) (local.get $kb))) (local.get $j)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s0))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s1))
            (v128.store offset=32 align=4 (local.get $c) (local.get $s2))
            (v128.store offset=48 align=4 (local.get $c) (local.get $s3))
            (v128.store offset=64 align=4 (local.get $c) (local.get $s4))
            (v128.store offset=80 align=4 (local.get $c) (local.get $s5))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $wideOuts)))
        (local.set $j (i32.add (local.get $j) (i32.const 96)))
        (br $wide)))
    ;; then strips of 8
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.gt_s (i32.add (local.get $j) (i32.const 32)) (local.get $kb)))
        (local.set $o (i32.const 0))
        (block $narrowOutsDone
          (loop $narrowOuts
            (br_if $narrowOutsDone (i32.ge_s (local.get $o) (local.get $m)))
            (local.set $s0 (v128.const f32x4 0 0 0 0))
            (local.set $s1 (v128.const f32x4 0 0 0 0))
            (local.set $e (i32.add (local.get $L) (i32.shl (i32.mul (local.get $o) (local.get $n)) (i32.const 3))))
            (local.set $end (i32.add (local.get $e) (i32.shl (i32.load (i32.add (local.get $cnt) (i32.shl (local.get $o) (i32.const 2)))) (i32.const 3))))
            (local.set $aj (i32.add (local.get $A) (local.get $j)))
            (block $narrowRowsDone
              (loop $narrowRows
                (br_if $narrowRowsDone (i32.ge_u (local.get $e) (local.get $end)))
                (local.set $a (i32.add (local.get $aj) (i32.load (local.get $e))))
                (local.set $w (v128.load32_splat offset=4 align=4 (local.get $e)))
                (local.set $s0 (f32x4.relaxed_madd (local.get $w) (v128.load offset=0 align=4 (local.get $a)) (local.get $s0)))
                (local.set $s1 (f32x4.relaxed_madd (local.get $w) (v128.load offset=16 align=4 (local.get $a)) (local.get $s1)))
                (local.set $e (i32.add (local.get $e) (i32.const 8)))
                (br $narrowRows)))
            (local.set $c (i32.add (i32.add (local.get $C) (i32.mul (local.get $o) (local.get $kb))) (local.get $j)))
            (v128.store offset=0 align=4 (local.get $c) (local.get $s0))
            (v128.store offset=16 align=4 (local.get $c) (local.get $s1))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $narrowOuts)))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $narrow))))

  ;; The lists gemm32TNSparse reads: for each of D's m columns (D n × m, row stride $ld, f32), an entry
  ;; per nonzero value (−0 counts as zero), [row r's byte offset r·$kb in A (i32) | value (f32)], in row
  ;; order, at $L + 8·n·o; their lengths at $cnt. Every value is written and the end advanced only past
  ;; a nonzero one: no branch, whose outcome would be a coin toss. Returns the number of nonzeros.
  (func (export "compact")
    (param $D i32) (param $ld i32) (param $n i32) (param $m i32) (param $kb i32) (param $L i32) (param $cnt i32) (result i32)
    (local $o i32) (local $r i32) (local $d i32) (local $e i32) (local $first i32) (local $row i32) (local $v f32) (local $total i32)
    (block $outsDone
      (loop $outs
        (br_if $outsDone (i32.ge_s (local.get $o) (local.get $m)))
        (local.set $d (i32.add (local.get $D) (i32.shl (local.get $o) (i32.const 2))))
        (local.set $first (i32.add (local.get $L) (i32.shl (i32.mul (local.get $o) (local.get $n)) (i32.const 3))))
        (local.set $e (local.get $first))
        (local.set $row (i32.const 0))
        (local.set $r (local.get $n))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.eqz (local.get $r)))
            (local.set $v (f32.load (local.get $d)))
            (i32.store (local.get $e) (local.get $row))
            (f32.store offset=4 (local.get $e) (local.get $v))
            (local.set $e (i32.add (local.get $e) (i32.shl (f32.ne (local.get $v) (f32.const 0)) (i32.const 3))))
            (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ld) (i32.const 2))))
            (local.set $row (i32.add (local.get $row) (local.get $kb)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $rows)))
        (local.set $r (i32.shr_u (i32.sub (local.get $e) (local.get $first)) (i32.const 3)))
        (i32.store (i32.add (local.get $cnt) (i32.shl (local.get $o) (i32.const 2))) (local.get $r))
        (local.set $total (i32.add (local.get $total) (local.get $r)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $outs)))
    (local.get $total)))
