;; C += D·B (D n × m, B m × k, C n × k, row-major f64): the input gradient of y = x·Bᵀ (wasm.ts
;; zeroes C first when it is not accumulating). Blocked 4 rows of D and C × 2 rows of B, f64x2
;; SIMD along k. Only the blocked part: n a multiple of 4, m of 2, k even; wasm.ts does the edges
;; in JS. Pointers are byte offsets into env.mem; $ld is D's row stride in elements.
(module
  (import "env" "mem" (memory 1))

  (func (export "gemmNN")
    (param $D i32) (param $n i32) (param $m i32) (param $B i32) (param $k i32) (param $C i32) (param $ld i32)
    (local $kb i32) (local $ldb i32) (local $r i32) (local $o i32) (local $j i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $b0 i32) (local $b1 i32) (local $at i32)
    ;; $dRT: D[r + R, o + T] in both lanes
    (local $d00 v128) (local $d01 v128) (local $d10 v128) (local $d11 v128)
    (local $d20 v128) (local $d21 v128) (local $d30 v128) (local $d31 v128)
    (local $u v128) (local $v v128)
    (local.set $kb (i32.mul (local.get $k) (i32.const 8)))
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 8)))

    (local.set $r (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
        ;; the four rows of C
        (local.set $c0 (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $kb))))
        (local.set $c1 (i32.add (local.get $c0) (local.get $kb)))
        (local.set $c2 (i32.add (local.get $c1) (local.get $kb)))
        (local.set $c3 (i32.add (local.get $c2) (local.get $kb)))

        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.gt_s (i32.add (local.get $o) (i32.const 2)) (local.get $m)))
            ;; $at walks down the four rows of D, at column o
            (local.set $at (i32.add (i32.add (local.get $D) (i32.mul (local.get $r) (local.get $ldb)))
                                    (i32.mul (local.get $o) (i32.const 8))))
            (local.set $d00 (f64x2.splat (f64.load offset=0 (local.get $at))))
            (local.set $d01 (f64x2.splat (f64.load offset=8 (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $ldb)))
            (local.set $d10 (f64x2.splat (f64.load offset=0 (local.get $at))))
            (local.set $d11 (f64x2.splat (f64.load offset=8 (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $ldb)))
            (local.set $d20 (f64x2.splat (f64.load offset=0 (local.get $at))))
            (local.set $d21 (f64x2.splat (f64.load offset=8 (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $ldb)))
            (local.set $d30 (f64x2.splat (f64.load offset=0 (local.get $at))))
            (local.set $d31 (f64x2.splat (f64.load offset=8 (local.get $at))))
            ;; the two rows of B
            (local.set $b0 (i32.add (local.get $B) (i32.mul (local.get $o) (local.get $kb))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $kb)))

            ;; $j walks k in bytes, two elements a step
            (local.set $j (i32.const 0))
            (block $axpyDone
              (loop $axpy
                (br_if $axpyDone (i32.gt_s (i32.add (local.get $j) (i32.const 16)) (local.get $kb)))
                (local.set $u (v128.load align=8 (i32.add (local.get $b0) (local.get $j))))
                (local.set $v (v128.load align=8 (i32.add (local.get $b1) (local.get $j))))
                ;; C[r + R, j..] = (C + dR0·u) + dR1·v
                (local.set $at (i32.add (local.get $c0) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d00) (local.get $u))) (f64x2.mul (local.get $d01) (local.get $v))))
                (local.set $at (i32.add (local.get $c1) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d10) (local.get $u))) (f64x2.mul (local.get $d11) (local.get $v))))
                (local.set $at (i32.add (local.get $c2) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d20) (local.get $u))) (f64x2.mul (local.get $d21) (local.get $v))))
                (local.set $at (i32.add (local.get $c3) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d30) (local.get $u))) (f64x2.mul (local.get $d31) (local.get $v))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $axpy)))

            (local.set $o (i32.add (local.get $o) (i32.const 2)))
            (br $cols)))

        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows)))))
