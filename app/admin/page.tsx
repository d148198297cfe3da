import { HallsHome } from '@/components/admin/halls-home';

export default function AdminHome() {
  return <HallsHome />;
}
