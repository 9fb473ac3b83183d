/**
 * Build (or reuse) the Kubernetes tools of the `sim` provider and the kube tests from Go modules:
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, istioctl and kindcheck.
 * Prints the bin directory last. `npm run kube:tools`; `.ci/run` calls it before `test:kube`.
 */
import { buildKubeTools } from '../fixtures/targets/kind/sim/tools.js';

const tools = await buildKubeTools((line) => console.error(line));
console.log(tools.dir + '/bin');
