# digits: insertion ablation (mean  95 CI over seeds)
# Written by "peftbench plot" from the result CSV; restyle freely, then rerun from this
# folder: "gnuplot unified-digits-insertion.gp" writes unified-digits-insertion.png and unified-digits-insertion.svg.
$m0 << EOD
0 0.851042 0.00829326 "parallel" 5034
1 0.82905 0.0104541 "sequential" 5034
EOD

set title "digits: insertion ablation (mean  95 CI over seeds)" noenhanced
set xlabel 'insertion'
set ylabel 'accuracy (higher is better)'
set grid
unset logscale x
set offsets graph 0.05, graph 0.05, 0, 0
set key outside right noenhanced
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1000,620 noenhanced font ",10" } else { set terminal svg size 1000,620 noenhanced font ",10" background rgb "white" }
    set output "unified-digits-insertion.".fmt
    plot $m0 using 1:2:3:xtic(4) with yerrorlines lw 2 pt 7 title 'unified'
    unset output
}
