import { RosterCalendar } from '@/components/admin/roster-calendar';

export default async function Page({ params }: { params: Promise<{ hall: string }> }) {
  const { hall } = await params;
  return <RosterCalendar hall={hall} />;
}
