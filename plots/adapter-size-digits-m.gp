# digits: m ablation (mean ± std over seeds)
# Written by `peftbench plot` from the result CSV; restyle freely, then rerun from this
# folder: `gnuplot adapter-size-digits-m.gp` writes adapter-size-digits-m.png and adapter-size-digits-m.svg.
$m0 << EOD
2 0.8389 1.35974e-16 "2" 1938
4 0.8657 0.00640859 "4" 2970
8 0.898167 0.00700024 "8" 5034
16 0.908367 0.00479201 "16" 9162
32 0.923167 0.00700024 "32" 17418
EOD
$m1 << EOD
2 0.8213 0.0210516 "2" 1938
4 0.835167 0.0236138 "4" 2970
8 0.870367 0.00849961 "8" 5034
16 0.889833 0.0125261 "16" 9162
32 0.9065 0.00699357 "32" 17418
EOD

set title "digits: m ablation (mean ± std over seeds)" noenhanced
set xlabel 'm'
set ylabel 'accuracy (higher is better)'
set grid
set logscale x 2
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "adapter-size-digits-m.".fmt
    plot $m0 using 1:2:3 with yerrorlines lw 2 pt 7 title 'parallel', \
         $m1 using 1:2:3 with yerrorlines lw 2 pt 7 title 'pfeiffer'
    unset output
}
