;; C += Dᵀ·A (D n × m, A n × k, C m × k, row-major f64): the weight gradient of y = A·Cᵀ. Blocked
;; 2 rows of C × 4 rows of D and A, f64x2 SIMD along k; each C pair is loaded and stored once per
;; block. Only the blocked part: n a multiple of 4, m of 2, k even; wasm.ts does the edges in JS.
;; Pointers are byte offsets into env.mem; $ld is D's row stride in elements.
(module
  (import "env" "mem" (memory 1))

  (func (export "gemmTNAcc")
    (param $D i32) (param $n i32) (param $m i32) (param $A i32) (param $k i32) (param $C i32) (param $ld i32)
    (local $kb i32) (local $ldb i32) (local $r i32) (local $o i32) (local $j i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c0 i32) (local $c1 i32) (local $at i32)
    ;; $dRT: D[r + R, o + T] in both lanes
    (local $d00 v128) (local $d01 v128) (local $d10 v128) (local $d11 v128)
    (local $d20 v128) (local $d21 v128) (local $d30 v128) (local $d31 v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local.set $kb (i32.mul (local.get $k) (i32.const 8)))
    (local.set $ldb (i32.mul (local.get $ld) (i32.const 8)))

    (local.set $o (i32.const 0))
    (block $colsDone
      (loop $cols
        (br_if $colsDone (i32.gt_s (i32.add (local.get $o) (i32.const 2)) (local.get $m)))
        ;; the two rows of C
        (local.set $c0 (i32.add (local.get $C) (i32.mul (local.get $o) (local.get $kb))))
        (local.set $c1 (i32.add (local.get $c0) (local.get $kb)))

        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
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
            ;; the four rows of A
            (local.set $a0 (i32.add (local.get $A) (i32.mul (local.get $r) (local.get $kb))))
            (local.set $a1 (i32.add (local.get $a0) (local.get $kb)))
            (local.set $a2 (i32.add (local.get $a1) (local.get $kb)))
            (local.set $a3 (i32.add (local.get $a2) (local.get $kb)))

            ;; $j walks k in bytes, two elements a step
            (local.set $j (i32.const 0))
            (block $axpyDone
              (loop $axpy
                (br_if $axpyDone (i32.gt_s (i32.add (local.get $j) (i32.const 16)) (local.get $kb)))
                (local.set $p0 (v128.load align=8 (i32.add (local.get $a0) (local.get $j))))
                (local.set $p1 (v128.load align=8 (i32.add (local.get $a1) (local.get $j))))
                (local.set $p2 (v128.load align=8 (i32.add (local.get $a2) (local.get $j))))
                (local.set $p3 (v128.load align=8 (i32.add (local.get $a3) (local.get $j))))
                ;; C[o, j..] = (((C + d00·p0) + d10·p1) + d20·p2) + d30·p3, then the same for o + 1
                (local.set $at (i32.add (local.get $c0) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (f64x2.add (f64x2.add
                    (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d00) (local.get $p0)))
                    (f64x2.mul (local.get $d10) (local.get $p1)))
                    (f64x2.mul (local.get $d20) (local.get $p2)))
                    (f64x2.mul (local.get $d30) (local.get $p3))))
                (local.set $at (i32.add (local.get $c1) (local.get $j)))
                (v128.store align=8 (local.get $at)
                  (f64x2.add (f64x2.add (f64x2.add (f64x2.add
                    (v128.load align=8 (local.get $at))
                    (f64x2.mul (local.get $d01) (local.get $p0)))
                    (f64x2.mul (local.get $d11) (local.get $p1)))
                    (f64x2.mul (local.get $d21) (local.get $p2)))
                    (f64x2.mul (local.get $d31) (local.get $p3))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $axpy)))

            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $rows)))

        (local.set $o (i32.add (local.get $o) (i32.const 2)))
        (br $cols)))))
