;; Targets of the subset task for a fresh batch, where the sampler drew it: y_r = a ∘ b with
;; a = Σ x[r, a0..a1), b = Σ x[r, b0..b1). Each sum is added in problems/targets.ts's order (even and
;; odd positions in two chains, here the two lanes of one f64x2; the longer subset's tail last), so
;; the targets equal computeTargets' to the bit. $op: 0 add, 1 sub, 2 mul, 3 div. Offsets in bytes.
(module
  (import "env" "mem" (memory 1))
  (func (export "subsets")
    (param $x i32) (param $n i32) (param $d i32) (param $a0 i32) (param $a1 i32) (param $b0 i32) (param $b1 i32)
    (param $op i32) (param $y i32)
    (local $row i32) (local $end i32) (local $both i32) (local $k i32) (local $pa i32) (local $pb i32) (local $i i32)
    (local $va v128) (local $vb v128) (local $ae f64) (local $be f64) (local $a f64) (local $b f64) (local $v f64)
    ;; both = min(a1 − a0, b1 − b0), in bytes
    (local.set $both (i32.shl (select
      (i32.sub (local.get $a1) (local.get $a0)) (i32.sub (local.get $b1) (local.get $b0))
      (i32.lt_s (i32.sub (local.get $a1) (local.get $a0)) (i32.sub (local.get $b1) (local.get $b0)))) (i32.const 3)))
    (local.set $row (local.get $x))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 3))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $pa (i32.add (local.get $row) (i32.shl (local.get $a0) (i32.const 3))))
        (local.set $pb (i32.add (local.get $row) (i32.shl (local.get $b0) (i32.const 3))))
        (local.set $va (v128.const i64x2 0 0))
        (local.set $vb (v128.const i64x2 0 0))
        (local.set $k (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_s (i32.add (local.get $k) (i32.const 8)) (local.get $both)))
            (local.set $va (f64x2.add (local.get $va) (v128.load (i32.add (local.get $pa) (local.get $k)))))
            (local.set $vb (f64x2.add (local.get $vb) (v128.load (i32.add (local.get $pb) (local.get $k)))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $pairs)))
        (local.set $ae (f64x2.extract_lane 0 (local.get $va)))
        (local.set $be (f64x2.extract_lane 0 (local.get $vb)))
        (if (i32.lt_s (local.get $k) (local.get $both))
          (then
            (local.set $ae (f64.add (local.get $ae) (f64.load (i32.add (local.get $pa) (local.get $k)))))
            (local.set $be (f64.add (local.get $be) (f64.load (i32.add (local.get $pb) (local.get $k)))))))
        ;; the longer subset's remaining inputs
        (local.set $i (i32.add (local.get $pa) (local.get $both)))
        (block $aDone
          (loop $aTail
            (br_if $aDone (i32.ge_u (local.get $i) (i32.add (local.get $row) (i32.shl (local.get $a1) (i32.const 3)))))
            (local.set $ae (f64.add (local.get $ae) (f64.load (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $aTail)))
        (local.set $i (i32.add (local.get $pb) (local.get $both)))
        (block $bDone
          (loop $bTail
            (br_if $bDone (i32.ge_u (local.get $i) (i32.add (local.get $row) (i32.shl (local.get $b1) (i32.const 3)))))
            (local.set $be (f64.add (local.get $be) (f64.load (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $bTail)))
        (local.set $a (f64.add (local.get $ae) (f64x2.extract_lane 1 (local.get $va))))
        (local.set $b (f64.add (local.get $be) (f64x2.extract_lane 1 (local.get $vb))))
        (block $set
          (local.set $v (f64.add (local.get $a) (local.get $b)))
          (br_if $set (i32.eqz (local.get $op)))
          (local.set $v (f64.sub (local.get $a) (local.get $b)))
          (br_if $set (i32.eq (local.get $op) (i32.const 1)))
          (local.set $v (f64.mul (local.get $a) (local.get $b)))
          (br_if $set (i32.eq (local.get $op) (i32.const 2)))
          (local.set $v (f64.div (local.get $a) (local.get $b))))
        (f64.store (local.get $y) (local.get $v))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 3))))
        (br $rows)))))
